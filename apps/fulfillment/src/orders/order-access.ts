import { Caller, mayActFor } from '@inventory/access-control';
import { HttpStatus } from '@nestjs/common';
import { ApiError } from '@inventory/service-runtime';
import { EntityManager } from 'typeorm';
import { readOrder } from './order-store';
import { OrderRow, notShippableBecause, reservationStatusOf } from './order-view';

/**
 * The order's row (locked for the transaction with `forUpdate`); 404 when no event about it has
 * arrived, or when `caller`'s key is scoped to other sales channels (whether another channel's
 * order exists is not its business either).
 */
export async function requireOrder(
  tx: EntityManager,
  orderId: string,
  forUpdate = false,
  caller?: Caller,
): Promise<OrderRow> {
  const order = await readOrder(tx, orderId, forUpdate);
  const visible = !caller?.salesChannels || (order?.sales_channel && mayActFor(caller, order.sales_channel));
  if (!order || !visible) throw ApiError.notFound('order_not_found', `Order "${orderId}" is not known`);
  return order;
}

/** A reserved order that is still open; 409 naming why not. */
export function assertShippable(order: OrderRow): asserts order is OrderRow & { stock_id: number } {
  const why = notShippableBecause(order);
  if (why)
    throw new ApiError(
      HttpStatus.CONFLICT,
      'order_not_shippable',
      `Order "${order.order_id}" cannot ship: ${why}`,
    );
}

/** A reserved order, canceled or not (shipped units of a canceled order can still be refunded). */
export function assertRefundable(order: OrderRow): void {
  const orderId = order.order_id;
  const status = reservationStatusOf(order);
  if (status !== 'reserved') {
    const why =
      status === 'rejected' ? 'its reservation was rejected' : 'its reservation has not been decided yet';
    throw new ApiError(
      HttpStatus.CONFLICT,
      'order_not_refundable',
      `Order "${orderId}" cannot be refunded: ${why}`,
    );
  }
}
