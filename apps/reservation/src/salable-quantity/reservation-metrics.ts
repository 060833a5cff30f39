import { Inject, Injectable } from '@nestjs/common';
import { RecordedEvent } from '@inventory/event-store';
import { METRICS_REGISTRY, counterIn, gaugeIn, withinMs } from '@inventory/observability';
import { Counter, Gauge, Registry } from 'prom-client';
import { OrderEvent } from '../streams/stream-events';

const LAG_TIMEOUT_MS = 2_000;

/**
 * Orders decided and lines refused, counted as the projection applies the stored decisions: it
 * applies each stored event once, so the counts are neither missed nor doubled by retries.
 */
@Injectable()
export class ReservationMetrics {
  private readonly decisions: Counter<'outcome'>;
  private readonly refusedLines: Counter<'code'>;
  private readonly parkedEvents: Gauge<'projection'>;

  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {
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

  /** Registers projection_lag_events, counted by `lagOf` (the SalableProjector's) at each scrape. */
  countLagWith(lagOf: () => Promise<number>): void {
    gaugeIn(this.registry, {
      name: 'projection_lag_events',
      help: 'Events stored and not yet applied by a projection (counted up to 1,000,000)',
      labelNames: ['projection'],
      async collect() {
        // A scrape must answer in time even when the database does not: no figure then.
        const behind = await withinMs(
          lagOf().catch(() => undefined),
          LAG_TIMEOUT_MS,
          () => undefined,
        );
        this.reset();
        if (behind !== undefined) this.set({ projection: 'salable-quantity' }, behind);
      },
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
