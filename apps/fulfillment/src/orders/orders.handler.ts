import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventOf, IntegrationEvent } from '@inventory/contracts';
import { batchItems, inLockOrder, PositionedEvent, TransactionScope, UnitOfWork } from '@inventory/messaging';
import { EntityManager } from 'typeorm';
import { decideCancel } from './decide-cancel';
import { expandKitLines, unitsBySku } from '@inventory/order-lines';
import { orderKits, replaceKitLines } from './order-kits';
import { addToLines, readOrder, readOrderLines } from './order-store';

const SERVICE = 'fulfillment';

type OrderColumns = Partial<{
  sales_channel: string;
  placed_at: string;
  canceled: boolean;
  reservation_status: 'reserved' | 'rejected';
  stock_id: number;
  rejected_lines: string;
  kits: string;
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
 * Keeps the orders awaiting shipment: what was ordered, whether it was reserved, what was
 * canceled and what the reservation service gave back. The order (orders.v1) and its reservation
 * events (inventory.reservations.v1) may arrive in either order.
 */
@Controller()
export class OrdersHandler {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  /**
   * A fetched batch in one transaction (one commit, not one per event: after an outage the backlog
   * drains at the database's pace). Sorted by order id, stably, so each order's events keep their
   * order and every batch locks orders in the same order: two instances' batches cannot deadlock.
   * Alone (a batch that failed is handled again one by one), an event is a batch of one.
   */
  @EventPattern(
    [
      'OrderPlaced',
      'OrderCanceled',
      'OrderReservationPlaced',
      'OrderReservationRejected',
      'ReservationCompensated',
    ],
    { group: SERVICE, batch: true },
  )
  async orderEvents(@Payload() events: readonly PositionedEvent[]): Promise<void> {
    const items = batchItems(events, (event) => this.effectOf(event));
    await this.unitOfWork.runEachOnce(
      SERVICE,
      inLockOrder(items, ({ event }) => orderIdOf(event)),
    );
  }

  private effectOf(event: IntegrationEvent): ((scope: TransactionScope) => Promise<void>) | undefined {
    switch (event.type) {
      case 'OrderPlaced':
        return ({ tx }) => placeOrder(tx, event.data);
      case 'OrderCanceled':
        return ({ tx }) => cancelOrder(tx, event.data);
      case 'OrderReservationPlaced': {
        const { orderId, stockId, kits } = event.data;
        const columns: OrderColumns = {
          reservation_status: 'reserved',
          stock_id: stockId,
          ...(kits?.length ? { kits: JSON.stringify(kits) } : {}),
        };
        return async ({ tx }) => {
          await upsertOrder(tx, orderId, columns);
          if (kits?.length) await replaceKitLines(tx, orderId, kits);
        };
      }
      case 'OrderReservationRejected': {
        const columns: OrderColumns = {
          reservation_status: 'rejected',
          rejected_lines: JSON.stringify(event.data.lines),
        };
        return ({ tx }) => upsertOrder(tx, event.data.orderId, columns);
      }
      case 'ReservationCompensated': {
        const { orderId, sku, qty } = event.data;
        return ({ tx }) => addToLines(tx, orderId, 'released', new Map([[sku, qty]]));
      }
      default:
        return undefined;
    }
  }
}

/** Every event this handler applies is about one order. */
function orderIdOf(event: IntegrationEvent): string {
  return (event.data as { orderId?: string }).orderId ?? '';
}

/**
 * The order id is the order: an OrderPlaced sent again by the order system (a retry, with a new
 * eventId) is the same order and adds nothing. The first one to arrive is the order, as it is for
 * the reservation service, which decides each order id once.
 */
async function placeOrder(tx: EntityManager, order: EventOf<'OrderPlaced'>['data']): Promise<void> {
  const { orderId, salesChannel, items, placedAt } = order;
  const placed: unknown[] = await tx.query(
    `INSERT INTO orders (order_id, sales_channel, placed_at) VALUES ($1, $2, $3)
     ON CONFLICT (order_id) DO UPDATE SET sales_channel = excluded.sales_channel,
       placed_at = excluded.placed_at, updated_at = now()
       WHERE orders.placed_at IS NULL
     RETURNING order_id`,
    [orderId, salesChannel, placedAt],
  );
  if (!placed.length) return;
  await addToLines(tx, orderId, 'ordered', unitsBySku(items));
  // Its reservation came first: the kit lines become their components now.
  const row = await readOrder(tx, orderId);
  if (row?.kits?.length) await replaceKitLines(tx, orderId, row.kits);
}

/** The same rule as the reservation service's; an over-cancel goes to the DLQ, nothing applied. */
async function cancelOrder(tx: EntityManager, cancel: EventOf<'OrderCanceled'>['data']): Promise<void> {
  const row = await readOrder(tx, cancel.orderId, true);
  // A kit line is canceled as its components, by the recipe its reservation recorded.
  const items = cancel.items && expandKitLines(cancel.items, orderKits(row));
  // A Refusal (over_cancel, sku_not_in_order) dead-letters the event at once, nothing applied.
  const units = decideCancel(cancel.orderId, await readOrderLines(tx, cancel.orderId), items);
  await addToLines(tx, cancel.orderId, 'canceled', units);
  if (!cancel.items) await upsertOrder(tx, cancel.orderId, { canceled: true });
}
