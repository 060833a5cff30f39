import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@inventory/event-store';
import { UnitOfWork } from '@inventory/messaging';
import { LoopHealth } from '@inventory/observability';
import { StoreProjector, StoreProjectorProvider } from '@inventory/service-runtime';
import { ReservationMetrics } from './reservation-metrics';
import { LIVE_TABLES, SalableProjection } from './salable-projection';

/** The projection's row in projection_checkpoints (its last applied position). */
export const SALABLE_CHECKPOINT = 'salable-quantity';

/**
 * Keeps the salable-quantity projection following the event store (a StoreProjector: one
 * transaction per batch for the tables, the checkpoint and the outbox; failing events parked, the
 * subscription restarted until it works). The batch number it gives is the `sequence` every
 * SalableQuantityChanged of the batch carries.
 */
@Injectable()
export class SalableProjector
  extends StoreProjectorProvider
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    unitOfWork: UnitOfWork,
    metrics: ReservationMetrics,
    loops: LoopHealth,
  ) {
    const projection = new SalableProjection(LIVE_TABLES);
    super(
      new StoreProjector(store, unitOfWork, loops, {
        checkpoint: SALABLE_CHECKPOINT,
        loop: 'salable-projection',
        apply: (tx, events, batch) => projection.apply(tx, events, batch),
        applied: (events) => metrics.applied(events),
        parkedCount: (count) => metrics.parked(count),
      }),
    );
    metrics.countLagWith(() => this.lagInEvents());
  }
}
