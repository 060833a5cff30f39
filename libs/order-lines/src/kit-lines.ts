import { OrderLine, roundQty } from '@inventory/contracts';
import { unitsBySku } from './order-line';

/** Units of one component in one kit. */
export interface KitPart {
  readonly sku: string;
  readonly qty: number;
}

/** A kit and its components, as the catalog defined it (and as an order recorded it). */
export interface KitRecipe {
  readonly sku: string;
  readonly components: readonly KitPart[];
}

/** The recipes known, by kit SKU: a SKU that is not here is sold (and shipped) as itself. */
export type KitRecipes = Readonly<Record<string, readonly KitPart[]>>;

export const recipesOf = (kits: readonly KitRecipe[] | undefined): KitRecipes =>
  Object.fromEntries((kits ?? []).map(({ sku, components }) => [sku, components]));

/** The recipes of the kits these lines name, to record with them (an order keeps what it was sold as). */
export function recipesUsed(items: readonly { readonly sku: string }[], kits: KitRecipes): KitRecipe[] {
  const skus = [...new Set(items.map((item) => item.sku))].filter((sku) => kits[sku]?.length);
  return skus.map((sku) => ({ sku, components: kits[sku] }));
}

/**
 * The lines as stock sees them: a kit line becomes one line per component (its qty times the
 * component's units per kit, its other fields kept), in the kit line's place; any other line stays
 * as it is.
 */
export function expandKitLines<L extends OrderLine>(items: readonly L[], kits: KitRecipes): L[] {
  return items.flatMap((item) => {
    const components = kits[item.sku];
    if (!components?.length) return [item];
    return components.map((part) => ({ ...item, sku: part.sku, qty: roundQty(item.qty * part.qty) }));
  });
}

/** Units each stocked SKU gives to these lines, lines that share a component summed. */
export const stockUnitsOf = (items: readonly OrderLine[], kits: KitRecipes): Map<string, number> =>
  unitsBySku(expandKitLines(items, kits));

/** The SKUs whose stock these lines take: components for kit lines. */
export const stockSkusOf = (items: readonly OrderLine[], kits: KitRecipes): string[] => [
  ...stockUnitsOf(items, kits).keys(),
];
