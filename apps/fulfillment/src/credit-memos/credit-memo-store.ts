import { CreditMemoLine } from '@inventory/contracts';
import { EntityManager } from 'typeorm';
import { CreditMemoView } from './credit-memo.dto';

interface CreditMemoRow {
  credit_memo_id: string;
  order_id: string;
  created_at: Date;
  items: { sku: string; qty: string; returnToStock: boolean; sourceCode: string | null; shipped: boolean }[];
}

/** Credit memos of an order (oldest first) or the one memo, with their lines as published. */
export async function readCreditMemos(
  tx: EntityManager,
  where: { orderId: string } | { creditMemoId: string },
): Promise<CreditMemoView[]> {
  const [column, value] =
    'orderId' in where ? ['order_id', where.orderId] : ['credit_memo_id', where.creditMemoId];
  const rows: CreditMemoRow[] = await tx.query(
    `SELECT m.*, (SELECT json_agg(json_build_object('sku', l.sku, 'qty', l.qty::text,
                                                     'returnToStock', l.return_to_stock, 'sourceCode', l.source_code,
                                                     'shipped', l.shipped)
                              ORDER BY l.line_no)
                    FROM credit_memo_lines l WHERE l.credit_memo_id = m.credit_memo_id) AS items
       FROM credit_memos m WHERE m.${column} = $1 ORDER BY m.created_at, m.credit_memo_id`,
    [value],
  );
  return rows.map((row) => ({
    creditMemoId: row.credit_memo_id,
    orderId: row.order_id,
    createdAt: row.created_at.toISOString(),
    items: row.items.map((item) => ({ ...item, qty: Number(item.qty) })),
  }));
}

export async function insertCreditMemo(
  tx: EntityManager,
  memo: { creditMemoId: string; orderId: string; lines: readonly CreditMemoLine[] },
): Promise<void> {
  await tx.query(`INSERT INTO credit_memos (credit_memo_id, order_id) VALUES ($1, $2)`, [
    memo.creditMemoId,
    memo.orderId,
  ]);
  await tx.query(
    `INSERT INTO credit_memo_lines (credit_memo_id, line_no, sku, qty, return_to_stock, source_code, shipped)
     SELECT $1, ordinality, sku, qty, ret, src, shipped
       FROM unnest($2::text[], $3::numeric[], $4::boolean[], $5::text[], $6::boolean[])
            WITH ORDINALITY AS l(sku, qty, ret, src, shipped)`,
    [
      memo.creditMemoId,
      memo.lines.map((line) => line.sku),
      memo.lines.map((line) => line.qty),
      memo.lines.map((line) => line.returnToStock),
      memo.lines.map((line) => line.sourceCode),
      memo.lines.map((line) => line.shipped ?? true),
    ],
  );
}

/**
 * Per SKU of the order, the sources it shipped from (first shipment first) with the units shipped
 * there and not yet returned there: where a return goes when the memo names no source.
 */
export async function unreturnedShipments(
  tx: EntityManager,
  orderId: string,
): Promise<Map<string, { sourceCode: string; units: number }[]>> {
  const rows: { sku: string; source_code: string; units: string }[] = await tx.query(
    `WITH shipped AS (
       SELECT l.sku, l.source_code, sum(l.qty) AS qty, min(s.created_at) AS first_at
         FROM shipments s JOIN shipment_lines l USING (shipment_id)
        WHERE s.order_id = $1 GROUP BY l.sku, l.source_code),
     returned AS (
       SELECT l.sku, l.source_code, sum(l.qty) AS qty
         FROM credit_memos m JOIN credit_memo_lines l USING (credit_memo_id)
        WHERE m.order_id = $1 AND l.return_to_stock GROUP BY l.sku, l.source_code)
     SELECT sh.sku, sh.source_code, sh.qty - coalesce(r.qty, 0) AS units
       FROM shipped sh LEFT JOIN returned r USING (sku, source_code)
      WHERE sh.qty - coalesce(r.qty, 0) > 0
      ORDER BY sh.sku, sh.first_at, sh.source_code`,
    [orderId],
  );
  const bySku = new Map<string, { sourceCode: string; units: number }[]>();
  for (const row of rows) {
    bySku.set(row.sku, [
      ...(bySku.get(row.sku) ?? []),
      { sourceCode: row.source_code, units: Number(row.units) },
    ]);
  }
  return bySku;
}
