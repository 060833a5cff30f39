import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@inventory/event-store';
import { UnitOfWork } from '@inventory/messaging';
import { LoopHealth } from '@inventory/observability';
import { StoreProjector, StoreProjectorProvider } from '@inventory/service-runtime';
import { projectPurchaseOrders } from './purchase-order-projection';

/**
 * Keeps the purchase orders' read model and their replenishment.v1 events following the event
 * store (a StoreProjector: tables, checkpoint and outbox in one transaction; a failing event parked
 * with the rest of its order's stream; the subscription restarted until it works).
 */
@Injectable()
export class PurchaseOrderProjector
  extends StoreProjectorProvider
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  constructor(@Inject(EVENT_STORE) store: EventStore, unitOfWork: UnitOfWork, loops: LoopHealth) {
    super(
      new StoreProjector(store, unitOfWork, loops, {
        checkpoint: 'purchase-orders',
        loop: 'purchase-order-projection',
        apply: (tx, events) => projectPurchaseOrders(tx, events),
      }),
    );
  }
}
