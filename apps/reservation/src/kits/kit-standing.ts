import { roundQty } from '@inventory/contracts';
import { KitPart } from '@inventory/order-lines';
import { Configuration, kitsOf } from '../configuration/configuration';
import { StockStanding, effectiveSettings, standingIn } from '../sku-state/salable-quantity';
import { SkuState, initialSkuState } from '../sku-state/sku-state';

/** The states a decision reads, by SKU (a SKU never heard of is empty). */
export type SkuStates = ReadonlyMap<string, SkuState>;

export const stateOf = (skus: SkuStates, sku: string): SkuState => skus.get(sku) ?? initialSkuState(sku);

/** Whole kits `units` of a component make (null, unlimited, stays unlimited). */
const kitsFrom = (units: number | null, perKit: number): number | null =>
  units === null ? null : Math.floor(roundQty(units / perKit));

/** The smallest of the limited counts; null when every one is unlimited. */
function fewest(counts: readonly (number | null)[]): number | null {
  const limited = counts.filter((count): count is number => count !== null);
  return limited.length ? Math.min(...limited) : null;
}

/**
 * A kit's standing in a stock: as many kits as its scarcest component makes, ⌊salable ÷ units per
 * kit⌋ with each component's own settings (thresholds, backorders); unlimited only when every
 * component is. It is in the stock when every component is. The kit's own settings say what a
 * storefront shows (the "only X left" threshold, the low-stock activity, the limits on a purchase).
 */
export function kitStandingIn(
  kit: string,
  components: readonly KitPart[],
  skus: SkuStates,
  configuration: Configuration,
  stockId: number,
): StockStanding {
  const settings = effectiveSettings(stateOf(skus, kit), configuration);
  const parts = components.map((part) => ({
    part,
    standing: standingIn(stateOf(skus, part.sku), configuration, stockId),
  }));
  const assigned = parts.every(({ standing }) => standing.assigned);
  const base = { stockId, sku: kit, backorders: settings.backorders, assigned, settings };
  if (!assigned) return { ...base, salableQty: 0, isSalable: false, onlyXLeft: null, physicalQty: 0 };
  const salableQty = fewest(parts.map(({ part, standing }) => kitsFrom(standing.salableQty, part.qty)));
  const physicalQty = fewest(parts.map(({ part, standing }) => kitsFrom(standing.physicalQty, part.qty)));
  const onlyXLeft =
    salableQty !== null &&
    settings.stockThresholdQty > 0 &&
    salableQty > 0 &&
    salableQty <= settings.stockThresholdQty
      ? salableQty
      : null;
  return {
    ...base,
    salableQty,
    isSalable: salableQty === null || salableQty > 0,
    onlyXLeft,
    physicalQty,
  };
}

/** A SKU's standing in a stock, a kit's from its components. */
export function standingOf(
  sku: string,
  skus: SkuStates,
  configuration: Configuration,
  stockId: number,
): StockStanding {
  const components = kitsOf(configuration)[sku];
  return components?.length
    ? kitStandingIn(sku, components, skus, configuration, stockId)
    : standingIn(stateOf(skus, sku), configuration, stockId);
}
