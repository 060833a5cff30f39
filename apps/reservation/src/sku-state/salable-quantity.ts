import { InventorySettings, MAX_ABS_QUANTITY, resolveSettings, roundQty } from '@inventory/contracts';
import { Configuration, liveStock, stockIds } from '../configuration/configuration';
import { SalableView } from '../streams/stream-events';
import { servable } from './shared-sources';
import { SkuState } from './sku-state';

/** A SKU's standing in one stock: the published view plus what the checkout checks need. */
export interface StockStanding extends SalableView {
  /** The SKU has a source item at a source linked to the stock. */
  readonly assigned: boolean;
  /** Units that can still be served from physical stock (salable without the backorder allowance). */
  readonly physicalQty: number | null;
  readonly settings: InventorySettings;
}

export const effectiveSettings = (sku: SkuState, configuration: Configuration): InventorySettings =>
  resolveSettings(configuration.globalSettings, sku.settings).settings;

/** Unlimited: stock not managed, or backorders allowed with an Out-of-Stock Threshold ≥ 0. */
export const isUnlimited = (settings: InventorySettings): boolean =>
  !settings.manageStock || (settings.backorders !== 'none' && settings.minQty >= 0);

/** Sellable quantity of a source for this SKU: enabled, in stock, assigned. */
function sourceQty(sku: SkuState, configuration: Configuration, code: string): number {
  const item = sku.sources[code];
  if (!item || item.status !== 'in_stock' || configuration.disabledSources.includes(code)) return 0;
  return item.quantity;
}

/**
 * The largest extra demand stock S can take from its sources given every open reservation of every
 * stock (the shared-source rule, shared-sources.ts). With no shared source it is Magento's
 * sourceQty + reserved.
 */
export function servableQty(sku: SkuState, configuration: Configuration, stockId: number): number {
  const { stocks } = configuration;
  const links = new Map(
    stockIds(configuration).map((id) => [
      id,
      [...stocks[id].sourceCodes, ...(stocks[id].formerSourceCodes ?? [])],
    ]),
  );
  return servable(
    {
      links,
      sellingFrom: (id) => stocks[id]?.sourceCodes ?? [],
      supply: (code) => sourceQty(sku, configuration, code),
      demand: (id) => -(sku.reserved[id] ?? 0),
    },
    stockId,
  );
}

/**
 * Every quantity published stays within what events and numeric(20,4) columns hold: sums of many
 * sources at the limit would not (a SKU's view would then fail to be written).
 */
const withinBounds = (qty: number) => Math.max(-MAX_ABS_QUANTITY, Math.min(MAX_ABS_QUANTITY, qty));

/** salableQty = sourceQty + reserved − minQty, per stock, with the rules for unlimited. */
export function standingIn(sku: SkuState, configuration: Configuration, stockId: number): StockStanding {
  const settings = effectiveSettings(sku, configuration);
  const stock = liveStock(configuration, stockId);
  const assigned = stock !== undefined && stock.sourceCodes.some((code) => sku.sources[code] !== undefined);
  const base = { stockId, sku: sku.sku, backorders: settings.backorders, assigned, settings };
  if (!assigned) return { ...base, salableQty: 0, isSalable: false, onlyXLeft: null, physicalQty: 0 };
  if (!settings.manageStock) {
    return { ...base, salableQty: null, isSalable: true, onlyXLeft: null, physicalQty: null };
  }
  const servable = servableQty(sku, configuration, stockId);
  const physicalQty = withinBounds(Math.max(0, roundQty(servable - Math.max(0, settings.minQty))));
  if (isUnlimited(settings))
    return { ...base, salableQty: null, isSalable: true, onlyXLeft: null, physicalQty };
  const salableQty = withinBounds(roundQty(servable - settings.minQty));
  const onlyXLeft =
    settings.stockThresholdQty > 0 && salableQty > 0 && salableQty <= settings.stockThresholdQty
      ? salableQty
      : null;
  return {
    ...base,
    salableQty,
    isSalable: salableQty > 0,
    onlyXLeft,
    physicalQty,
  };
}

export const salableView = ({ stockId, sku, salableQty, isSalable, onlyXLeft, backorders }: StockStanding) =>
  ({ stockId, sku, salableQty, isSalable, onlyXLeft, backorders }) satisfies SalableView;

/** What Smartstore's low-stock activity does to a SKU in a stock right now. */
export type LowStockActivityEffect = 'buy_button_disabled' | 'unpublished';

/**
 * The low-stock activity in force: while the salable quantity in the stock is below
 * `lowStockActivityQty` (Smartstore's "Minimum Stock Quantity"), `disable_buy_button` keeps the
 * product visible and not buyable, `unpublish` hides it, `nothing` leaves it buyable. Null is off
 * (what the activity does once the SKU is out of stock is the stock status's older rule). An
 * unlimited SKU (stock not managed, open backorders) is never low.
 */
export function lowStockActivityOf(standing: StockStanding): LowStockActivityEffect | null {
  const { lowStockActivity, lowStockActivityQty } = standing.settings;
  if (lowStockActivity === 'nothing' || lowStockActivityQty === null || standing.salableQty === null)
    return null;
  if (standing.salableQty >= lowStockActivityQty) return null;
  return lowStockActivity === 'unpublish' ? 'unpublished' : 'buy_button_disabled';
}

/** The code a storefront gets for the effect (is-salable refuses with it, stock-status names it). */
export const lowStockActivityCode = (effect: LowStockActivityEffect) => `low_stock_activity-${effect}`;
