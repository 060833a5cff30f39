import { EntityManager } from 'typeorm';
import { OrderLineCounts } from './order-line';
import { OrderRow } from './order-view';

interface OrderLineRow {
  sku: string;
  ordered: string;
  shipped: string;
  canceled: string;
  refunded: string;
  returned_to_stock: string;
  released: string;
}

const toCounts = (row: OrderLineRow): OrderLineCounts => ({
  sku: row.sku,
  ordered: Number(row.ordered),
  shipped: Number(row.shipped),
  canceled: Number(row.canceled),
  refunded: Number(row.refunded),
  returnedToStock: Number(row.returned_to_stock),
  released: Number(row.released),
});

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
  const rows: OrderLineRow[] = await tx.query(`SELECT * FROM order_lines WHERE order_id = $1 ORDER BY sku`, [
    orderId,
  ]);
  return new Map(rows.map((row) => [row.sku, toCounts(row)]));
}

export type LineCounter = 'ordered' | 'shipped' | 'canceled' | 'refunded' | 'returned_to_stock' | 'released';

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
