import { Injectable } from '@nestjs/common';
import { IntegrationEvent, TOPICS } from '@inventory/contracts';
import { ConsumeEvents, IntegrationEventHandler, UnitOfWork } from '@inventory/messaging';

const SERVICE = 'notification';

/** Follows inventory.salable.v1: the salability every stock alert is decided against. */
@Injectable()
@ConsumeEvents({ groupId: SERVICE, topics: [TOPICS.salable] })
export class SalabilityHandler implements IntegrationEventHandler {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async handle(event: IntegrationEvent): Promise<void> {
    if (event.type !== 'SalableQuantityChanged') return;
    const { stockId, sku, salableQty, isSalable } = event.data;
    await this.unitOfWork.runOnce(SERVICE, event, ({ tx }) =>
      // Events of one SKU arrive in order (key = SKU); the guard also keeps a replayed old event
      // from overwriting newer state.
      tx.query(
        `INSERT INTO salability (stock_id, sku, salable_qty, is_salable, event_id, occurred_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (stock_id, sku) DO UPDATE
           SET salable_qty = $3, is_salable = $4, event_id = $5, occurred_at = $6
           WHERE salability.occurred_at <= $6`,
        [stockId, sku, salableQty, isSalable, event.eventId, event.occurredAt],
      ),
    );
  }
}
