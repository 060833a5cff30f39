import { Inject, Injectable } from '@nestjs/common';
import { RecordedEvent } from '@inventory/event-store';
import { METRICS_REGISTRY, counterIn, gaugeIn } from '@inventory/observability';
import { Counter, Gauge, Registry } from 'prom-client';
import { OrderEvent } from '../streams/stream-events';

/**
 * Orders decided and lines refused, counted as the projection applies the stored decisions: it
 * applies each stored event once, so the counts are neither missed nor doubled by retries.
 */
@Injectable()
export class ReservationMetrics {
  private readonly decisions: Counter<'outcome'>;
  private readonly refusedLines: Counter<'code'>;
  private readonly parkedEvents: Gauge<'projection'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.decisions = counterIn(registry, {
      name: 'reservation_decisions_total',
      help: 'Orders decided: placed (every line reserved) or rejected',
      labelNames: ['outcome'],
    });
    this.refusedLines = counterIn(registry, {
      name: 'reservation_rejected_lines_total',
      help: 'Lines of rejected orders, by refusal code (is_salable_with_reservations-not_enough_qty, …)',
      labelNames: ['code'],
    });
    this.parkedEvents = gaugeIn(registry, {
      name: 'projection_parked_events',
      help: 'Events a projection set aside after its retries (and those parked behind them on their streams)',
      labelNames: ['projection'],
    });
  }

  parked(count: number): void {
    this.parkedEvents.set({ projection: 'salable-quantity' }, count);
  }

  applied(events: readonly RecordedEvent[]): void {
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as OrderEvent;
      if (event.type === 'OrderReservationPlaced') this.decisions.inc({ outcome: 'placed' });
      if (event.type === 'OrderReservationRejected') {
        this.decisions.inc({ outcome: 'rejected' });
        for (const line of event.data.lines) this.refusedLines.inc({ code: line.code });
      }
    }
  }
}
