import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@inventory/event-store';
import { UnitOfWork } from '@inventory/messaging';
import { LoopHealth } from '@inventory/observability';
import { ParkedEventView, ParkedEvents, RedriveOutcome, StoreProjector } from '@inventory/service-runtime';
import { projectPurchaseOrders } from './purchase-order-projection';

/**
 * Keeps the purchase orders' read model and their replenishment.v1 events following the event
 * store (a StoreProjector: tables, checkpoint and outbox in one transaction; a failing event parked
 * with the rest of its order's stream; the subscription restarted until it works).
 */
@Injectable()
export class PurchaseOrderProjector implements OnApplicationBootstrap, OnApplicationShutdown, ParkedEvents {
  private readonly projector: StoreProjector;

  constructor(@Inject(EVENT_STORE) store: EventStore, unitOfWork: UnitOfWork, loops: LoopHealth) {
    this.projector = new StoreProjector(store, unitOfWork, loops, {
      checkpoint: 'purchase-orders',
      loop: 'purchase-order-projection',
      apply: (tx, events) => projectPurchaseOrders(tx, events),
    });
  }

  onApplicationBootstrap(): Promise<void> {
    return this.projector.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.projector.stop();
  }

  /** Resolves once the projection has applied everything stored when it started. */
  get caughtUp(): Promise<void> {
    return this.projector.caughtUp;
  }

  list(): Promise<ParkedEventView[]> {
    return this.projector.list();
  }

  count(): Promise<number> {
    return this.projector.count();
  }

  redrive(id: string): Promise<RedriveOutcome | undefined> {
    return this.projector.redrive(id);
  }
}
