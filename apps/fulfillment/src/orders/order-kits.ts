import { KitRecipe, KitRecipes, recipesOf } from '@inventory/order-lines';
import { EntityManager } from 'typeorm';

/** A kit line as ordered: its units, and the components one kit ships as. */
export interface KitLine {
  readonly sku: string;
  readonly qty: number;
}

/** Every counter of an order line: a kit line's are carried over to its components, times their units. */
const COUNTERS = [
  'ordered',
  'shipped',
  'canceled',
  'refunded',
  'refunded_unshipped',
  'returned_to_stock',
  'released',
] as const;

/**
 * The order's kit lines become lines of their components (the recipes the reservation service
 * reserved them by), so source selection, shipments and the reservation's own lines all count
 * components. Whatever a kit line counted already (a cancel that came before the reservation) is
 * carried over. Lines not there yet (the order itself has not arrived) are replaced when it does.
 */
export async function replaceKitLines(
  tx: EntityManager,
  orderId: string,
  kits: readonly KitRecipe[],
): Promise<void> {
  const replaced: KitLine[] = [];
  for (const { sku, components } of kits) {
    const [line]: { ordered: string }[] = await tx.query(
      `SELECT * FROM order_lines WHERE order_id = $1 AND sku = $2`,
      [orderId, sku],
    );
    if (!line) continue;
    await tx.query(`DELETE FROM order_lines WHERE order_id = $1 AND sku = $2`, [orderId, sku]);
    const counters = line as unknown as Record<(typeof COUNTERS)[number], string>;
    await tx.query(
      `INSERT INTO order_lines (order_id, sku, ${COUNTERS.join(', ')})
       SELECT $1, part.sku, ${COUNTERS.map((_, index) => `$${index + 4}::numeric * part.qty`).join(', ')}
         FROM unnest($2::text[], $3::numeric[]) AS part(sku, qty)
       ON CONFLICT (order_id, sku) DO UPDATE SET
         ${COUNTERS.map((counter) => `${counter} = order_lines.${counter} + excluded.${counter}`).join(', ')}`,
      [
        orderId,
        components.map((part) => part.sku),
        components.map((part) => part.qty),
        ...COUNTERS.map((counter) => counters[counter]),
      ],
    );
    replaced.push({ sku, qty: Number(line.ordered) });
  }
  if (!replaced.length) return;
  await tx.query(
    `UPDATE orders SET kit_lines = coalesce(kit_lines, '[]'::jsonb) || $2::jsonb, updated_at = now()
      WHERE order_id = $1`,
    [orderId, JSON.stringify(replaced)],
  );
}

/** The recipes an order's kit lines were reserved by (none before its reservation is known). */
export const orderKits = (row: { kits: readonly KitRecipe[] | null } | undefined): KitRecipes =>
  recipesOf(row?.kits ?? undefined);
