import { Injectable } from '@nestjs/common';
import { IntegrationEvent, TOPICS } from '@inventory/contracts';
import { ConsumeEvents, IntegrationEventHandler, UnitOfWork } from '@inventory/messaging';
import { EntityManager } from 'typeorm';

const SERVICE = 'fulfillment';

type OrderColumns = Partial<{
  sales_channel: string;
  items: string;
  placed_at: string;
  canceled: boolean;
  reservation_status: 'reserved' | 'rejected';
  stock_id: number;
  rejected_lines: string;
}>;

/** Sets some columns of an order, creating the row when this is the first event about it. */
async function upsertOrder(tx: EntityManager, orderId: string, columns: OrderColumns): Promise<void> {
  const names = Object.keys(columns);
  const placeholders = names.map((_, index) => `$${index + 2}`);
  const updates = names.map((name) => `${name} = excluded.${name}`);
  await tx.query(
    `INSERT INTO orders (order_id, ${names.join(', ')}) VALUES ($1, ${placeholders.join(', ')})
     ON CONFLICT (order_id) DO UPDATE SET ${updates.join(', ')}, updated_at = now()`,
    [orderId, ...Object.values(columns)],
  );
}

/**
 * Keeps the orders awaiting shipment: what was ordered and whether it was reserved. The order
 * (orders.v1) and its reservation outcome (inventory.reservations.v1) may arrive in either order.
 */
@Injectable()
@ConsumeEvents({ groupId: SERVICE, topics: [TOPICS.orders, TOPICS.reservations] })
export class OrdersHandler implements IntegrationEventHandler {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async handle(event: IntegrationEvent): Promise<void> {
    const columns = this.columnsFor(event);
    if (!columns) return;
    const orderId = (event.data as { orderId: string }).orderId;
    await this.unitOfWork.runOnce(SERVICE, event, ({ tx }) => upsertOrder(tx, orderId, columns));
  }

  private columnsFor(event: IntegrationEvent): OrderColumns | undefined {
    switch (event.type) {
      case 'OrderPlaced': {
        const { salesChannel, items, placedAt } = event.data;
        return { sales_channel: salesChannel, items: JSON.stringify(items), placed_at: placedAt };
      }
      case 'OrderCanceled':
        // Cancelling some lines comes with shipments (issue 7); a whole-order cancel is recorded now.
        return event.data.items ? undefined : { canceled: true };
      case 'OrderReservationPlaced':
        return { reservation_status: 'reserved', stock_id: event.data.stockId };
      case 'OrderReservationRejected':
        return { reservation_status: 'rejected', rejected_lines: JSON.stringify(event.data.lines) };
      default:
        return undefined;
    }
  }
}
