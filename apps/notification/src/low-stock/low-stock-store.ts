import { SourceItemState, StoredSettings, resolveSettings } from '@inventory/contracts';
import { EntityManager } from 'typeorm';

/** The key of the global settings row in inventory_settings (a SKU is never empty). */
export const GLOBAL = '';

/** A source item whose low-stock state changed. */
export interface LowStockChange {
  readonly sku: string;
  readonly sourceCode: string;
  readonly quantity: number;
  readonly threshold: number | null;
  readonly wasLow: boolean;
  readonly isLow: boolean;
}

export async function saveSourceItems(
  tx: EntityManager,
  sku: string,
  items: readonly SourceItemState[],
): Promise<void> {
  await tx.query(
    `INSERT INTO source_items (sku, source_code, quantity, status, notify_stock_qty)
     SELECT $1, * FROM unnest($2::text[], $3::numeric[], $4::text[], $5::numeric[])
     ON CONFLICT (sku, source_code) DO UPDATE
       SET quantity = excluded.quantity, status = excluded.status, notify_stock_qty = excluded.notify_stock_qty`,
    [
      sku,
      items.map((item) => item.sourceCode),
      items.map((item) => item.quantity),
      items.map((item) => item.status),
      items.map((item) => item.notifyStockQty),
    ],
  );
}

export async function saveSettings(tx: EntityManager, sku: string, settings: StoredSettings): Promise<void> {
  await tx.query(
    `INSERT INTO inventory_settings (sku, settings) VALUES ($1, $2)
     ON CONFLICT (sku) DO UPDATE SET settings = excluded.settings`,
    [sku, JSON.stringify(settings)],
  );
}

export async function storedSettings(tx: EntityManager, sku: string): Promise<StoredSettings> {
  const [row]: { settings: StoredSettings }[] = await tx.query(
    `SELECT settings FROM inventory_settings WHERE sku = $1`,
    [sku],
  );
  return row?.settings ?? {};
}

/** The SKUs to recompute, from and to inclusive: one SKU, or a chunk of a global recompute. */
export interface SkuRange {
  readonly from: string;
  readonly to: string;
}

export const onlySku = (sku: string): SkuRange => ({ from: sku, to: sku });

/**
 * Recomputes the effective notify quantity and low flag of source items in one statement, and
 * returns the items whose state changed with the state before. The rule: the source item's
 * notifyStockQty, else the product's, else the global (built-in default 1); 0, or stock not
 * managed, disables it; low is quantity < that. Running it again changes and returns nothing.
 */
export async function recomputeLowStock(tx: EntityManager, range: SkuRange): Promise<LowStockChange[]> {
  const global = resolveSettings(await storedSettings(tx, GLOBAL)).settings;
  // TypeORM answers an UPDATE with [returned rows, affected count].
  const [rows]: [
    {
      sku: string;
      source_code: string;
      quantity: string;
      threshold: string | null;
      was_low: boolean;
      is_low: boolean;
    }[],
    number,
  ] = await tx.query(
    `WITH next AS (
       SELECT i.sku, i.source_code,
              CASE WHEN coalesce((p.settings ->> 'manageStock')::boolean, $1)
                   THEN nullif(coalesce(i.notify_stock_qty, (p.settings ->> 'notifyStockQty')::numeric, $2), 0)
              END AS threshold
         FROM source_items i LEFT JOIN inventory_settings p ON p.sku = i.sku
        WHERE i.sku BETWEEN $3 AND $4)
     UPDATE source_items i
        SET threshold = next.threshold, is_low = coalesce(i.quantity < next.threshold, false)
       FROM next, source_items before
      WHERE i.sku = next.sku AND i.source_code = next.source_code
        AND before.sku = i.sku AND before.source_code = i.source_code
        AND (i.threshold IS DISTINCT FROM next.threshold OR i.is_low <> coalesce(i.quantity < next.threshold, false))
     RETURNING i.sku, i.source_code, i.quantity, i.threshold, before.is_low AS was_low, i.is_low`,
    [global.manageStock, global.notifyStockQty, range.from, range.to],
  );
  return rows.map((row) => ({
    sku: row.sku,
    sourceCode: row.source_code,
    quantity: Number(row.quantity),
    threshold: row.threshold === null ? null : Number(row.threshold),
    wasLow: row.was_low,
    isLow: row.is_low,
  }));
}

/** Records crossings for the next digest. */
export async function recordCrossings(tx: EntityManager, crossed: readonly LowStockChange[]): Promise<void> {
  if (!crossed.length) return;
  await tx.query(
    `INSERT INTO low_stock_crossings (sku, source_code, quantity, notify_stock_qty)
     SELECT * FROM unnest($1::text[], $2::text[], $3::numeric[], $4::numeric[])`,
    [
      crossed.map((c) => c.sku),
      crossed.map((c) => c.sourceCode),
      crossed.map((c) => c.quantity),
      crossed.map((c) => c.threshold),
    ],
  );
}
