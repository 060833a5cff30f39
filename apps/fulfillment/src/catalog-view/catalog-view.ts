import { SourceItemStatus, pairKey } from '@inventory/contracts';
import { EntityManager } from 'typeorm';
import { LinkedSource } from '../source-selection/source-selection';

export interface KnownSource extends LinkedSource {
  readonly isPickupLocation: boolean;
}

interface SourceRow {
  code: string;
  priority: number | null;
  enabled: boolean;
  latitude: number | null;
  longitude: number | null;
  is_pickup_location: boolean;
}

const toSource = (row: SourceRow): KnownSource => ({
  sourceCode: row.code,
  priority: row.priority ?? 0,
  enabled: row.enabled,
  coordinates:
    row.latitude === null || row.longitude === null
      ? null
      : { latitude: row.latitude, longitude: row.longitude },
  isPickupLocation: row.is_pickup_location,
});

/**
 * The sources linked to a stock, with their link priorities. With `placedAt` (an order's), also
 * those unlinked from it (or all of a deleted stock's) after the order was placed, after the
 * current ones: its reservation may still be served from them.
 */
export async function linkedSources(
  tx: EntityManager,
  stockId: number,
  { placedAt }: { placedAt?: Date | null } = {},
): Promise<KnownSource[]> {
  const rows: SourceRow[] = await tx.query(
    `SELECT s.*, l.priority FROM stock_sources l JOIN sources s ON s.code = l.source_code
      WHERE l.stock_id = $1 AND (NOT l.former OR l.unlinked_at > $2) ORDER BY l.former, l.priority, s.code`,
    [stockId, placedAt ?? null],
  );
  return rows.map(toSource);
}

/** The named sources this service knows of, by code. */
export async function knownSources(
  tx: EntityManager,
  codes: readonly string[],
): Promise<Map<string, KnownSource>> {
  const rows: SourceRow[] = await tx.query(`SELECT *, NULL AS priority FROM sources WHERE code = ANY($1)`, [
    codes,
  ]);
  return new Map(rows.map((row) => [row.code, toSource(row)]));
}

export interface SourceStock {
  readonly status: SourceItemStatus;
  /** The catalog's quantity less this service's shipments it has not deducted yet. */
  readonly onHand: number;
}

/**
 * What each source has of these SKUs. With `lock`, the source items are locked until the
 * transaction ends, so two shipments cannot both promise the same last units.
 */
export async function sourceStock(
  tx: EntityManager,
  skus: readonly string[],
  lock = false,
): Promise<Map<string, SourceStock>> {
  // Lock first, read after, in two statements: the read then takes its snapshot once the locks are
  // held, so it sees the pending lines of a shipment that held them before. (One SELECT … FOR
  // UPDATE would re-read the locked rows but not the shipment_lines its subquery counts.)
  if (lock) {
    await tx.query(`SELECT 1 FROM source_items WHERE sku = ANY($1) ORDER BY sku, source_code FOR UPDATE`, [
      skus,
    ]);
  }
  const rows: { sku: string; source_code: string; status: SourceItemStatus; on_hand: string }[] =
    await tx.query(
      `SELECT i.sku, i.source_code, i.status,
            i.quantity - coalesce((SELECT sum(p.qty) FROM shipment_lines p
                                    WHERE p.sku = i.sku AND p.source_code = i.source_code AND NOT p.deducted), 0) AS on_hand
       FROM source_items i WHERE i.sku = ANY($1)`,
      [skus],
    );
  return new Map(
    rows.map((row) => [
      pairKey(row.sku, row.source_code),
      { status: row.status, onHand: Number(row.on_hand) },
    ]),
  );
}
