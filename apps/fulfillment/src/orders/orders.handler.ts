import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { IntegrationEvent, TOPICS } from '@inventory/contracts';
import { EventConsumers, UnitOfWork } from '@inventory/messaging';

const SERVICE = 'fulfillment';

/** Keeps the orders awaiting shipment: what was ordered and whether it was reserved. */
@Injectable()
export class OrdersHandler implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.start({
      groupId: SERVICE,
      topics: [TOPICS.orders, TOPICS.reservations],
      handle: (event) => this.handle(event),
    });
  }

  async handle(event: IntegrationEvent): Promise<void> {
    switch (event.type) {
      case 'OrderPlaced': {
        const { orderId, salesChannel, items, placedAt } = event.data;
        await this.unitOfWork.runOnce(SERVICE, event, ({ tx }) =>
          tx.query(
            `INSERT INTO orders (order_id, sales_channel, items, placed_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (order_id) DO UPDATE SET sales_channel = $2, items = $3, placed_at = $4, updated_at = now()`,
            [orderId, salesChannel, JSON.stringify(items), placedAt],
          ),
        );
        return;
      }
      case 'OrderCanceled':
        // Partial cancellation per line comes with shipments (issue 7); a whole-order cancel is recorded now.
        if (event.data.items) return;
        await this.unitOfWork.runOnce(SERVICE, event, ({ tx }) =>
          tx.query(
            `INSERT INTO orders (order_id, canceled) VALUES ($1, true)
             ON CONFLICT (order_id) DO UPDATE SET canceled = true, updated_at = now()`,
            [event.data.orderId],
          ),
        );
        return;
      case 'OrderReservationPlaced':
        await this.unitOfWork.runOnce(SERVICE, event, ({ tx }) =>
          tx.query(
            `INSERT INTO orders (order_id, reservation_status, stock_id) VALUES ($1, 'reserved', $2)
             ON CONFLICT (order_id) DO UPDATE SET reservation_status = 'reserved', stock_id = $2, updated_at = now()`,
            [event.data.orderId, event.data.stockId],
          ),
        );
        return;
      case 'OrderReservationRejected':
        await this.unitOfWork.runOnce(SERVICE, event, ({ tx }) =>
          tx.query(
            `INSERT INTO orders (order_id, reservation_status, rejected_lines) VALUES ($1, 'rejected', $2)
             ON CONFLICT (order_id) DO UPDATE SET reservation_status = 'rejected', rejected_lines = $2, updated_at = now()`,
            [event.data.orderId, JSON.stringify(event.data.lines)],
          ),
        );
        return;
      default:
        return;
    }
  }
}
