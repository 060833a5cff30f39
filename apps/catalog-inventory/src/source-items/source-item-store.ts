import {
  EffectiveSettings,
  pairKey,
  SourceItemStatus,
  SourceItemsSavedReason,
  createEvent,
  resolveSettings,
  roundQty,
} from '@inventory/contracts';
import { TransactionScope } from '@inventory/messaging';
import { EntityManager } from 'typeorm';
import { nextCatalogVersion } from '../catalog-version/catalog-version';
import { effectiveSettings } from '../settings/settings.service';
import { SourceItemView } from './source-items.dto';

export interface SourceItemRow {
  sku: string;
  source_code: string;
  quantity: string;
  status: SourceItemStatus;
  notify_stock_qty: string | null;
}

export const toSourceItemView = (row: SourceItemRow): SourceItemView => ({
  sku: row.sku,
  sourceCode: row.source_code,
  quantity: Number(row.quantity),
  status: row.status,
  notifyStockQty: row.notify_stock_qty === null ? null : Number(row.notify_stock_qty),
});

/** Source items of these (sku, source) pairs, locked until the transaction ends, in a fixed order. */
export async function lockSourceItems(
  tx: EntityManager,
  pairs: readonly { sku: string; sourceCode: string }[],
): Promise<Map<string, SourceItemView>> {
  const rows: SourceItemRow[] = await tx.query(
    `SELECT s.* FROM source_items s
       JOIN unnest($1::text[], $2::text[]) AS p(sku, source_code) USING (sku, source_code)
      ORDER BY s.sku, s.source_code FOR UPDATE OF s`,
    [pairs.map((p) => p.sku), pairs.map((p) => p.sourceCode)],
  );
  return new Map(rows.map((row) => [pairKey(row.sku, row.source_code), toSourceItemView(row)]));
}

/**
 * Magento's rule: with stock managed and backorders off, a source item at or below zero is out
 * of stock whatever status was asked for.
 */
export function withAutomaticStatus(
  item: SourceItemView,
  settings: EffectiveSettings['settings'],
): SourceItemView {
  const cannotSell = settings.manageStock && settings.backorders === 'none' && item.quantity <= 0;
  return cannotSell ? { ...item, status: 'out_of_stock' } : item;
}

export interface SaveOptions {
  readonly reason: SourceItemsSavedReason;
  readonly shipmentId?: string;
  readonly creditMemoId?: string;
  readonly orderId?: string;
  /** A shipment's deduction: the units it took per SKU, published as `shippedQty`. */
  readonly shippedBySku?: ReadonlyMap<string, number>;
  readonly causedBy?: { eventId: string; correlationId: string };
}

/**
 * Writes source items (absolute quantities, the automatic status applied) and publishes one
 * SourceItemsSaved per SKU in the same transaction. Returns what was stored.
 */
export async function saveSourceItems(
  { tx, publish }: TransactionScope,
  items: readonly SourceItemView[],
  options: SaveOptions,
): Promise<SourceItemView[]> {
  const settings = await effectiveSettings(tx, [...new Set(items.map((item) => item.sku))]);
  const final = items.map((item) =>
    withAutomaticStatus(
      { ...item, quantity: roundQty(item.quantity) },
      (settings.get(item.sku) ?? resolveSettings({})).settings,
    ),
  );
  const saved: SourceItemRow[] = await tx.query(
    `INSERT INTO source_items (sku, source_code, quantity, status, notify_stock_qty)
     SELECT * FROM unnest($1::text[], $2::text[], $3::numeric[], $4::text[], $5::numeric[])
     ON CONFLICT (sku, source_code) DO UPDATE
       SET quantity = excluded.quantity, status = excluded.status,
           notify_stock_qty = excluded.notify_stock_qty, updated_at = now()
     RETURNING sku, source_code, quantity, status, notify_stock_qty`,
    [
      final.map((item) => item.sku),
      final.map((item) => item.sourceCode),
      final.map((item) => item.quantity),
      final.map((item) => item.status),
      final.map((item) => item.notifyStockQty),
    ],
  );
  const views = saved.map(toSourceItemView);
  const version = await nextCatalogVersion(tx);
  const { causedBy, shippedBySku, ...context } = options;
  for (const [sku, skuItems] of groupBy(views, (item) => item.sku)) {
    const shippedQty = shippedBySku?.get(sku);
    const data = {
      sku,
      items: skuItems.map(({ sku: _sku, ...item }) => item),
      ...context,
      ...(shippedQty ? { shippedQty } : {}),
      version,
    };
    publish({
      event: createEvent('SourceItemsSaved', data, { source: 'catalog-inventory', causedBy }),
      key: sku,
    });
  }
  return views;
}

export function groupBy<T>(values: readonly T[], keyOf: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) groups.set(keyOf(value), [...(groups.get(keyOf(value)) ?? []), value]);
  return groups;
}
