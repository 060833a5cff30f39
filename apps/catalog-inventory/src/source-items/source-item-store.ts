import {
  EffectiveSettings,
  INVENTORY_STATES,
  InventoryState,
  Refusal,
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
  damaged: string;
  quality_control: string;
  safety_stock: string;
}

/** The columns of a SourceItemRow, for the SELECTs and RETURNINGs that build one. */
export const SOURCE_ITEM_COLUMNS =
  'sku, source_code, quantity, status, notify_stock_qty, damaged, quality_control, safety_stock';

export const toSourceItemView = (row: SourceItemRow): SourceItemView => ({
  sku: row.sku,
  sourceCode: row.source_code,
  quantity: Number(row.quantity),
  status: row.status,
  notifyStockQty: row.notify_stock_qty === null ? null : Number(row.notify_stock_qty),
  damaged: Number(row.damaged),
  qualityControl: Number(row.quality_control),
  safetyStock: Number(row.safety_stock),
});

/** A source item not stored yet: nothing in any state. */
export const newSourceItem = (sku: string, sourceCode: string): SourceItemView => ({
  sku,
  sourceCode,
  quantity: 0,
  status: 'in_stock',
  notifyStockQty: null,
  damaged: 0,
  qualityControl: 0,
  safetyStock: 0,
});

/**
 * The item with this available quantity: goods back on the shelf of an item that had run out (at 0
 * or below) make it sellable again; otherwise its status stays as it was.
 */
export const withAvailableQuantity = (item: SourceItemView, quantity: number): SourceItemView => ({
  ...item,
  quantity,
  ...(item.quantity <= 0 && quantity > 0 ? { status: 'in_stock' as const } : {}),
});

/** The non-sellable states of a source item, by their names in the API and the events. */
export const HELD_STATES = ['damaged', 'qualityControl', 'safetyStock'] as const;
type HeldState = (typeof HELD_STATES)[number];

/**
 * A source item to save: what a write does not name of the held states keeps what is stored
 * (a manual edit of the quantity leaves the damaged units alone; a new item starts at 0).
 */
export type SourceItemWrite = Omit<SourceItemView, HeldState> & Partial<Pick<SourceItemView, HeldState>>;

/** Source items of these (sku, source) pairs, locked until the transaction ends, in a fixed order. */
export async function lockSourceItems(
  tx: EntityManager,
  pairs: readonly { sku: string; sourceCode: string }[],
): Promise<Map<string, SourceItemView>> {
  const rows: SourceItemRow[] = await tx.query(
    `SELECT ${SOURCE_ITEM_COLUMNS.replace(/(\w+)/g, 's.$1')} FROM source_items s
       JOIN unnest($1::text[], $2::text[]) AS p(sku, source_code) USING (sku, source_code)
      ORDER BY s.sku, s.source_code FOR UPDATE OF s`,
    [pairs.map((p) => p.sku), pairs.map((p) => p.sourceCode)],
  );
  return new Map(rows.map((row) => [pairKey(row.sku, row.source_code), toSourceItemView(row)]));
}

/**
 * Another transaction created a source item this one read as absent (a row lock cannot hold a row
 * not there yet): what this one decided from "nothing stored" may be wrong, so it is undone. It
 * carries PostgreSQL's serialization-failure code: a consumer tries again, HTTP answers 503
 * `write_contention` with Retry-After.
 */
export class SourceItemCreatedMeanwhileError extends Error {
  override readonly name = 'SourceItemCreatedMeanwhileError';
  readonly code = '40001';
  constructor(pairs: readonly string[]) {
    super(`Source items created by another write meanwhile: ${pairs.join(', ')}`);
  }
}

/**
 * Magento's rule: with stock managed and backorders off, a source item at or below zero is out
 * of stock whatever status was asked for.
 */
export function withAutomaticStatus<T extends SourceItemWrite>(
  item: T,
  settings: EffectiveSettings['settings'],
): T {
  const cannotSell = settings.manageStock && settings.backorders === 'none' && item.quantity <= 0;
  return cannotSell ? { ...item, status: 'out_of_stock' } : item;
}

export interface SaveOptions {
  readonly reason: SourceItemsSavedReason;
  readonly shipmentId?: string;
  readonly creditMemoId?: string;
  readonly orderId?: string;
  readonly adjustmentId?: string;
  readonly transferId?: string;
  /** Goods received (replenishment's GoodsReceived): the purchase order and its receipt. */
  readonly purchaseOrderId?: string;
  readonly receiptId?: string;
  /** For the movement log only: the merchant's reason, reference and document (not published). */
  readonly movement?: {
    reason?: string;
    referenceDocument?: string | null;
    documentId?: string | null;
    note?: string | null;
  };
  /** A shipment's deduction: the units it took per SKU, published as `shippedQty`. */
  readonly shippedBySku?: ReadonlyMap<string, number>;
  readonly causedBy?: { eventId: string; correlationId: string };
  /**
   * The items as the caller read and locked them (`lockSourceItems`) to decide this write. The
   * save counts from them, not from a read of its own: an item the caller found absent that
   * another write created since is then seen, and the write undone.
   */
  readonly decidedOn?: ReadonlyMap<string, SourceItemView>;
}

/**
 * Writes source items (absolute quantities, the automatic status applied), logs a movement for
 * every state that changed, and publishes one SourceItemsSaved per SKU, all in the caller's
 * transaction. The rows are locked first, so the movements' deltas are against what was stored
 * when this write took its turn. Returns what was stored.
 */
export async function saveSourceItems(
  { tx, publish }: TransactionScope,
  items: readonly SourceItemWrite[],
  options: SaveOptions,
): Promise<SourceItemView[]> {
  await refuseKits(tx, items);
  const before = options.decidedOn ?? (await lockSourceItems(tx, items));
  const settings = await effectiveSettings(tx, [...new Set(items.map((item) => item.sku))]);
  const final = items.map((item) => {
    const stored = before.get(pairKey(item.sku, item.sourceCode));
    const held = Object.fromEntries(
      HELD_STATES.map((state) => [state, roundQty(item[state] ?? stored?.[state] ?? 0)]),
    ) as Pick<SourceItemView, HeldState>;
    return withAutomaticStatus(
      { ...item, ...held, quantity: roundQty(item.quantity) },
      (settings.get(item.sku) ?? resolveSettings({})).settings,
    );
  });
  // In key order, so two writes creating the same new items wait for each other, never in a cycle;
  // `existed` (a row updated, not inserted) tells a row created by another write since the lock.
  const saved: (SourceItemRow & { existed: boolean })[] = await tx.query(
    `INSERT INTO source_items (${SOURCE_ITEM_COLUMNS})
     SELECT * FROM unnest($1::text[], $2::text[], $3::numeric[], $4::text[], $5::numeric[],
                          $6::numeric[], $7::numeric[], $8::numeric[]) ORDER BY 1, 2
     ON CONFLICT (sku, source_code) DO UPDATE
       SET quantity = excluded.quantity, status = excluded.status,
           notify_stock_qty = excluded.notify_stock_qty, damaged = excluded.damaged,
           quality_control = excluded.quality_control, safety_stock = excluded.safety_stock,
           updated_at = now()
     RETURNING ${SOURCE_ITEM_COLUMNS}, xmax <> 0 AS existed`,
    [
      final.map((item) => item.sku),
      final.map((item) => item.sourceCode),
      final.map((item) => item.quantity),
      final.map((item) => item.status),
      final.map((item) => item.notifyStockQty),
      final.map((item) => item.damaged),
      final.map((item) => item.qualityControl),
      final.map((item) => item.safetyStock),
    ],
  );
  const createdMeanwhile = saved
    .filter((row) => row.existed && !before.has(pairKey(row.sku, row.source_code)))
    .map((row) => pairKey(row.sku, row.source_code));
  if (createdMeanwhile.length) throw new SourceItemCreatedMeanwhileError(createdMeanwhile);
  const views = saved.map(toSourceItemView);
  await logMovements(tx, movementsOf(before, views, movementContextOf(options)));
  const version = await nextCatalogVersion(tx);
  const { causedBy, shippedBySku, movement: _movement, decidedOn: _decidedOn, ...context } = options;
  for (const [sku, skuItems] of groupBy(views, (item) => item.sku)) {
    const shippedQty = shippedBySku?.get(sku);
    const data = {
      sku,
      items: skuItems.map(publishedState),
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

/** A source item as SourceItemsSaved carries it: the held states only when not 0 (absent = 0). */
export function publishedState({ sku: _sku, damaged, qualityControl, safetyStock, ...item }: SourceItemView) {
  return {
    ...item,
    ...(damaged ? { damaged } : {}),
    ...(qualityControl ? { qualityControl } : {}),
    ...(safetyStock ? { safetyStock } : {}),
  };
}

/** Where each inventory state is on a SourceItemView (`available` is the sellable quantity). */
export const FIELD_OF_STATE = {
  available: 'quantity',
  damaged: 'damaged',
  quality_control: 'qualityControl',
  safety_stock: 'safetyStock',
} as const satisfies Record<InventoryState, 'quantity' | HeldState>;

/** What changed a source item: a cause of SourceItemsSaved, or its removal from a source. */
export type MovementCause = SourceItemsSavedReason | 'unassign';

/** Why and by which document a write changed the states, as the movement log records it. */
export interface MovementContext {
  readonly cause: MovementCause;
  readonly reason: string;
  readonly referenceDocument: string | null;
  readonly documentId: string | null;
  readonly note: string | null;
}

export interface Movement extends MovementContext {
  readonly sku: string;
  readonly sourceCode: string;
  readonly state: InventoryState;
  readonly delta: number;
  readonly quantityAfter: number;
}

/** The movement context of a save: the merchant's words if given, else the event's documents. */
export const movementContextOf = (options: SaveOptions): MovementContext => ({
  cause: options.reason,
  reason: options.movement?.reason ?? options.reason,
  referenceDocument:
    options.movement?.referenceDocument ?? options.orderId ?? options.purchaseOrderId ?? null,
  documentId:
    options.movement?.documentId ??
    options.shipmentId ??
    options.creditMemoId ??
    options.adjustmentId ??
    options.transferId ??
    options.receiptId ??
    null,
  note: options.movement?.note ?? null,
});

/** Every state of every item that changed between `before` and `after`, in that context. */
export function movementsOf(
  before: ReadonlyMap<string, SourceItemView>,
  after: readonly SourceItemView[],
  context: MovementContext,
): Movement[] {
  return after.flatMap((item) =>
    INVENTORY_STATES.flatMap((state) => {
      const field = FIELD_OF_STATE[state];
      const delta = roundQty(item[field] - (before.get(pairKey(item.sku, item.sourceCode))?.[field] ?? 0));
      if (delta === 0) return [];
      return [
        { sku: item.sku, sourceCode: item.sourceCode, state, delta, quantityAfter: item[field], ...context },
      ];
    }),
  );
}

export async function logMovements(tx: EntityManager, movements: readonly Movement[]): Promise<void> {
  if (!movements.length) return;
  const column = <K extends keyof Movement>(key: K) => movements.map((movement) => movement[key]);
  await tx.query(
    `INSERT INTO source_item_movements
       (sku, source_code, state, delta, quantity_after, cause, reason, reference_document, document_id, note)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::numeric[], $5::numeric[], $6::text[],
                          $7::text[], $8::text[], $9::text[], $10::text[])`,
    [
      column('sku'),
      column('sourceCode'),
      column('state'),
      column('delta'),
      column('quantityAfter'),
      column('cause'),
      column('reason'),
      column('referenceDocument'),
      column('documentId'),
      column('note'),
    ],
  );
}

/** A kit has no source items of its own: its units are its components' (400 `sku_is_kit`). */
async function refuseKits(tx: EntityManager, items: readonly { sku: string }[]): Promise<void> {
  const kits: { kit_sku: string }[] = await tx.query(
    `SELECT DISTINCT kit_sku FROM kit_components WHERE kit_sku = ANY($1) ORDER BY kit_sku`,
    [[...new Set(items.map((item) => item.sku))]],
  );
  if (kits.length)
    throw new Refusal('sku_is_kit', 'A kit has no source items: stock its components', {
      kind: 'invalid',
      errors: kits.map(({ kit_sku: sku }) => ({
        field: 'sku',
        problems: [`"${sku}" is a kit: its units are its components'`],
      })),
    });
}

export function groupBy<T>(values: readonly T[], keyOf: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) groups.set(keyOf(value), [...(groups.get(keyOf(value)) ?? []), value]);
  return groups;
}
