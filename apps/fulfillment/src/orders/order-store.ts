import { EntityManager } from 'typeorm';
import { OrderLineCounts } from './order-line';
import { OrderRow } from './order-view';

interface OrderLineRow {
  sku: string;
  ordered: string;
  shipped: string;
  canceled: string;
  refunded: string;
  refunded_unshipped: string;
  returned_to_stock: string;
  released: string;
  in_flight: string;
}

const toCounts = (row: OrderLineRow): OrderLineCounts => ({
  sku: row.sku,
  ordered: Number(row.ordered),
  shipped: Number(row.shipped),
  canceled: Number(row.canceled),
  refundedShipped: Number(row.refunded) - Number(row.refunded_unshipped),
  refundedUnshipped: Number(row.refunded_unshipped),
  returnedToStock: Number(row.returned_to_stock),
  released: Number(row.released),
  inFlight: Number(row.in_flight),
});

/** Each line with its units in shipments whose deduction at the source is not known yet. */
const LINES_WITH_IN_FLIGHT = `
  SELECT l.*, (SELECT coalesce(sum(p.qty), 0) FROM shipments s JOIN shipment_lines p USING (shipment_id)
                WHERE s.order_id = l.order_id AND p.sku = l.sku AND NOT p.deducted) AS in_flight
    FROM order_lines l`;

/**
 * The order's row, locked until the transaction ends when `forUpdate`: shipments, credit memos and
 * the consumers that change an order's counters take this lock first, so they apply one at a time.
 */
export async function readOrder(
  tx: EntityManager,
  orderId: string,
  forUpdate = false,
): Promise<OrderRow | undefined> {
  const rows: OrderRow[] = await tx.query(
    `SELECT * FROM orders WHERE order_id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`,
    [orderId],
  );
  return rows[0];
}

export async function readOrderLines(
  tx: EntityManager,
  orderId: string,
): Promise<Map<string, OrderLineCounts>> {
  const rows: OrderLineRow[] = await tx.query(
    `${LINES_WITH_IN_FLIGHT} WHERE l.order_id = $1 ORDER BY l.sku`,
    [orderId],
  );
  return new Map(rows.map((row) => [row.sku, toCounts(row)]));
}

export type LineCounter =
  'ordered' | 'shipped' | 'canceled' | 'refunded' | 'refunded_unshipped' | 'returned_to_stock' | 'released';

/** Adds units to one counter of several lines, creating lines an earlier event has not. */
export async function addToLines(
  tx: EntityManager,
  orderId: string,
  counter: LineCounter,
  units: ReadonlyMap<string, number>,
): Promise<void> {
  const changed = [...units].filter(([, qty]) => qty !== 0);
  if (!changed.length) return;
  await tx.query(
    `INSERT INTO order_lines (order_id, sku, ${counter})
     SELECT $1, * FROM unnest($2::text[], $3::numeric[])
     ON CONFLICT (order_id, sku) DO UPDATE SET ${counter} = order_lines.${counter} + excluded.${counter}`,
    [orderId, changed.map(([sku]) => sku), changed.map(([, qty]) => qty)],
  );
}

export interface OrderListFilter {
  readonly status?: 'awaiting_reservation' | 'reserved' | 'rejected';
  /** Only orders with units that can be shipped now (placed, reserved, not canceled, some left). */
  readonly toShip?: boolean;
  readonly salesChannel?: string;
  /** Only orders of these channels (a key scoped to them); undefined = every channel. */
  readonly salesChannels?: readonly string[];
}

/** A page of orders, newest first, each with its lines, and how many match in all. */
export async function listOrders(
  tx: EntityManager,
  filter: OrderListFilter,
  limit: number,
  offset: number,
): Promise<{ orders: { row: OrderRow; lines: OrderLineCounts[] }[]; total: number }> {
  const conditions: string[] = [];
  const parameters: unknown[] = [];
  if (filter.status === 'awaiting_reservation') conditions.push('o.reservation_status IS NULL');
  else if (filter.status) {
    parameters.push(filter.status);
    conditions.push(`o.reservation_status = $${parameters.length}`);
  }
  if (filter.salesChannel) {
    parameters.push(filter.salesChannel);
    conditions.push(`o.sales_channel = $${parameters.length}`);
  }
  if (filter.salesChannels) {
    parameters.push(filter.salesChannels);
    conditions.push(`o.sales_channel = ANY($${parameters.length})`);
  }
  if (filter.toShip)
    conditions.push(`o.placed_at IS NOT NULL AND NOT o.canceled AND o.reservation_status = 'reserved'
      AND EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.order_id AND l.to_ship > 0)`);
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  const [{ total }]: { total: string }[] = await tx.query(
    `SELECT count(*) AS total FROM orders o ${where}`,
    parameters,
  );
  const rows: OrderRow[] = await tx.query(
    `SELECT o.* FROM orders o ${where}
     ORDER BY o.placed_at DESC NULLS LAST, o.order_id
     LIMIT $${parameters.length + 1} OFFSET $${parameters.length + 2}`,
    [...parameters, limit, offset],
  );
  const lineRows: (OrderLineRow & { order_id: string })[] = rows.length
    ? await tx.query(`${LINES_WITH_IN_FLIGHT} WHERE l.order_id = ANY($1) ORDER BY l.order_id, l.sku`, [
        rows.map((row) => row.order_id),
      ])
    : [];
  return {
    total: Number(total),
    orders: rows.map((row) => ({
      row,
      lines: lineRows.filter((line) => line.order_id === row.order_id).map(toCounts),
    })),
  };
}
