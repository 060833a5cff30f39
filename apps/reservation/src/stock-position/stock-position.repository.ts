import { EntityManager } from 'typeorm';
import { StockPosition, emptyPosition } from './stock-position';

interface PositionRow {
  sku: string;
  source_quantities: Record<string, number>;
  reserved: string;
  disabled_sources: string[] | null;
}

const toPosition = (row: PositionRow): StockPosition => ({
  sku: row.sku,
  sourceQuantities: row.source_quantities,
  reserved: Number(row.reserved),
  disabledSources: row.disabled_sources ?? [],
});

const DISABLED = `(SELECT array_agg(code) FROM disabled_sources) AS disabled_sources`;

/**
 * Reads positions of several SKUs with row locks held until the transaction ends, in SKU order
 * so that two orders touching the same SKUs cannot deadlock.
 */
export async function lockPositions(
  tx: EntityManager,
  skus: readonly string[],
): Promise<Map<string, StockPosition>> {
  const sorted = [...new Set(skus)].sort();
  await tx.query(`INSERT INTO stock_positions (sku) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`, [
    sorted,
  ]);
  const rows: PositionRow[] = await tx.query(
    `SELECT sku, source_quantities, reserved, ${DISABLED} FROM stock_positions WHERE sku = ANY($1) ORDER BY sku FOR UPDATE`,
    [sorted],
  );
  return new Map(rows.map((row) => [row.sku, toPosition(row)]));
}

/** The position of one SKU, locked until the transaction ends. */
export async function lockPosition(tx: EntityManager, sku: string): Promise<StockPosition> {
  return (await lockPositions(tx, [sku])).get(sku) ?? emptyPosition(sku);
}

export async function savePosition(tx: EntityManager, position: StockPosition): Promise<void> {
  await tx.query(
    `UPDATE stock_positions SET source_quantities = $2, reserved = $3, updated_at = now() WHERE sku = $1`,
    [position.sku, JSON.stringify(position.sourceQuantities), position.reserved],
  );
}

export async function findPosition(tx: EntityManager, sku: string): Promise<StockPosition> {
  const rows: PositionRow[] = await tx.query(
    `SELECT sku, source_quantities, reserved, ${DISABLED} FROM stock_positions WHERE sku = $1`,
    [sku],
  );
  return rows.length ? toPosition(rows[0]) : emptyPosition(sku);
}

/** Positions holding quantity at a source, locked: they change when that source is switched on or off. */
export async function lockPositionsAtSource(tx: EntityManager, sourceCode: string): Promise<StockPosition[]> {
  const rows: PositionRow[] = await tx.query(
    `SELECT sku, source_quantities, reserved, ${DISABLED} FROM stock_positions
      WHERE source_quantities ? $1 ORDER BY sku FOR UPDATE`,
    [sourceCode],
  );
  return rows.map(toPosition);
}
