import { InventorySettings, OrderLine, RejectedLine, roundQty } from '@inventory/contracts';
import { KitPart, stockSkusOf, stockUnitsOf, unitsBySku } from '@inventory/order-lines';
import { Configuration, kitsOf } from '../configuration/configuration';
import { standingOf, stateOf } from '../kits/kit-standing';
import { expectedShipDate, withShipDate } from '../backorders/expected-ship-date';
import {
  StockStanding,
  effectiveSettings,
  lowStockActivityCode,
  lowStockActivityOf,
  standingIn,
} from '../sku-state/salable-quantity';
import { SkuState } from '../sku-state/sku-state';
import { RequestCheck, RequestError, checkRequest, qtyRuleErrors } from './check-request';

/** The SKUs lines name (with repeats). */
export const skusOf = (items: readonly { sku: string }[]): string[] => items.map((item) => item.sku);

/** The SKU streams a decision on these lines reads: the SKUs named (a kit's own settings) and the components. */
export const skusToRead = (items: readonly OrderLine[], configuration: Configuration): string[] => [
  ...new Set([...skusOf(items), ...stockSkusOf(items, kitsOf(configuration))]),
];

/** Each component's errors, said of the kit line: which component, and its problem. */
const ofComponent = (sku: string, errors: readonly RequestError[]): RequestError[] =>
  errors.map(({ code, message }) => ({ code, message: `Component ${sku}: ${message}` }));

/**
 * A kit's lines: its own limits on a purchase, and each component's verdict on every unit the
 * request takes of it. The kits that cannot be served from physical stock are backordered: as
 * many as the component short the most leaves out.
 */
function checkKit(
  kitQty: number,
  settings: InventorySettings,
  components: readonly KitPart[],
  stockChecks: ReadonlyMap<string, RequestCheck>,
): RequestCheck {
  const parts = components.map((part) => ({ part, check: stockChecks.get(part.sku) as RequestCheck }));
  const errors = [
    ...qtyRuleErrors(settings, kitQty),
    ...parts.flatMap(({ part, check }) => ofComponent(part.sku, check.errors)),
  ];
  if (errors.length) return { isSalable: false, backorderQty: 0, errors, notice: null };
  const short = Math.max(
    0,
    ...parts.map(({ part, check }) => Math.ceil(roundQty(check.backorderQty / part.qty))),
  );
  const backorderQty = Math.min(kitQty, short);
  const notice = backorderQty > 0 ? (parts.find(({ check }) => check.notice)?.check.notice ?? null) : null;
  return { isSalable: true, backorderQty, errors, notice };
}

/**
 * Every SKU the lines name, checked against the stock of the channel: a SKU's stock against every
 * unit the lines take of it (its own lines and the kits it is a component of, summed), the limits
 * on a purchase against its own lines; a kit by its components.
 */
export function checkLines(
  stockId: number,
  items: readonly OrderLine[],
  configuration: Configuration,
  skus: ReadonlyMap<string, SkuState>,
  /** The lines' stock-level checks, when the caller needs them too (computed once). */
  stockChecks: ReadonlyMap<string, RequestCheck> = checkStockUnits(stockId, items, configuration, skus),
): Map<string, RequestCheck> {
  const kits = kitsOf(configuration);
  const purchased = unitsBySku(items);
  return new Map(
    [...purchased].map(([sku, qty]) => {
      const components = kits[sku];
      if (!components?.length) return [sku, stockChecks.get(sku) as RequestCheck];
      const settings = effectiveSettings(stateOf(skus, sku), configuration);
      return [sku, checkKit(qty, settings, components, stockChecks)];
    }),
  );
}

/**
 * Each SKU whose stock the lines take (a kit line's components), against every unit they take of
 * it: what is backordered of each is counted here once, however many lines share it.
 */
export function checkStockUnits(
  stockId: number,
  items: readonly OrderLine[],
  configuration: Configuration,
  skus: ReadonlyMap<string, SkuState>,
): Map<string, RequestCheck> {
  const purchased = unitsBySku(items);
  return new Map(
    [...stockUnitsOf(items, kitsOf(configuration))].map(([sku, units]) => [
      sku,
      checkRequest(standingIn(stateOf(skus, sku), configuration, stockId), units, purchased.get(sku) ?? null),
    ]),
  );
}

/** Lines of a refused request: each failing SKU says why, the others that they were fine alone. */
export function rejectedLines(
  items: readonly OrderLine[],
  checks: ReadonlyMap<string, RequestCheck>,
): RejectedLine[] {
  return items.map(({ sku, qty }) => {
    const [error] = checks.get(sku)?.errors ?? [];
    return error
      ? { sku, qty, code: error.code, message: error.message }
      : {
          sku,
          qty,
          code: 'order_not_reserved',
          message: 'Not reserved because another line of the order cannot be',
        };
  });
}

export interface LineCheck {
  readonly sku: string;
  readonly qty: number;
  readonly isSalable: boolean;
  readonly backorderQty: number;
  readonly notice: string | null;
  /** With a backorder part: when it is expected to ship (ISO date), null when unknown. */
  readonly expectedShipDate?: string | null;
  readonly errors: readonly RequestError[];
}

/**
 * What a request takes on backorder, per SKU whose stock it takes (a kit line's components), and
 * when each is expected to ship: the units of OrderReservationPlaced's `backorders`.
 */
export function stockBackorders(
  stockId: number,
  stockChecks: ReadonlyMap<string, RequestCheck>,
  configuration: Configuration,
  skus: ReadonlyMap<string, SkuState>,
  today: string | undefined,
): { sku: string; qty: number; expectedShipDate: string | null }[] {
  return [...stockChecks]
    .filter(([, check]) => check.backorderQty > 0)
    .map(([sku, check]) => ({
      sku,
      qty: check.backorderQty,
      expectedShipDate: expectedShipDate(
        stateOf(skus, sku),
        configuration,
        stockId,
        check.backorderQty,
        today,
      ),
    }));
}

/** The latest of the dates, or null when one is unknown: a kit ships when its last component does. */
function latest(dates: readonly (string | null)[]): string | null {
  if (dates.some((date) => date === null)) return null;
  return (dates as string[]).reduce((a, b) => (a > b ? a : b));
}

/**
 * When each bought SKU's backorder is expected to ship: a SKU's own date, a kit's the latest of
 * its backordered components'.
 */
function backorderDates(
  stockId: number,
  items: readonly OrderLine[],
  stockChecks: ReadonlyMap<string, RequestCheck>,
  configuration: Configuration,
  skus: ReadonlyMap<string, SkuState>,
  today: string,
): Map<string, string | null> {
  const byStockSku = new Map(
    stockBackorders(stockId, stockChecks, configuration, skus, today).map((line) => [
      line.sku,
      line.expectedShipDate,
    ]),
  );
  const kits = kitsOf(configuration);
  return new Map(
    [...unitsBySku(items).keys()].map((sku) => {
      const components = kits[sku];
      if (!components?.length) return [sku, byStockSku.get(sku) ?? null];
      const short = components.filter((part) => byStockSku.has(part.sku));
      return [sku, short.length ? latest(short.map((part) => byStockSku.get(part.sku) ?? null)) : null];
    }),
  );
}

/**
 * The storefront is refused what the low-stock activity keeps from sale (an order is not: the
 * activity is what a shop shows, and an order placed elsewhere still reserves).
 */
function withLowStockActivity(check: RequestCheck, standing: StockStanding): RequestCheck {
  const activity = lowStockActivityOf(standing);
  if (activity === null) return check;
  const below = `below ${standing.settings.lowStockActivityQty}`;
  const message =
    activity === 'unpublished'
      ? `Not for sale: the product is hidden while its stock is ${below}`
      : `Not for sale: the buy button is off while the stock is ${below}`;
  // After the quantity's own verdicts, which a storefront shows first; nothing is backordered.
  return {
    ...check,
    isSalable: false,
    backorderQty: 0,
    errors: [...check.errors, { code: lowStockActivityCode(activity), message }],
  };
}

/**
 * A storefront's question, answered as the order would be: lines of one SKU are checked against
 * their sum, and each line carries its SKU's verdict. The SKU's backorder falls on its last lines
 * (the first ones take the physical units first).
 */
export function checkRequestedLines(
  stockId: number,
  items: readonly OrderLine[],
  configuration: Configuration,
  skus: ReadonlyMap<string, SkuState>,
  today: string,
): LineCheck[] {
  const stockChecks = checkStockUnits(stockId, items, configuration, skus);
  const checks = new Map(
    [...checkLines(stockId, items, configuration, skus, stockChecks)].map(([sku, check]) => [
      sku,
      withLowStockActivity(check, standingOf(sku, skus, configuration, stockId)),
    ]),
  );
  const dates = backorderDates(stockId, items, stockChecks, configuration, skus, today);
  const backorderLeft = new Map([...checks].map(([sku, check]) => [sku, check.backorderQty]));
  const backorders = new Array<number>(items.length).fill(0);
  for (let index = items.length - 1; index >= 0; index--) {
    const { sku, qty } = items[index];
    const left = backorderLeft.get(sku) ?? 0;
    backorders[index] = Math.min(qty, left);
    backorderLeft.set(sku, roundQty(left - backorders[index]));
  }
  return items.map(({ sku, qty }, index) => {
    const check = checks.get(sku) as RequestCheck;
    const backorderQty = backorders[index];
    if (backorderQty <= 0)
      return { sku, qty, isSalable: check.isSalable, backorderQty, notice: null, errors: check.errors };
    const expectedShipDate = dates.get(sku) ?? null;
    return {
      sku,
      qty,
      isSalable: check.isSalable,
      backorderQty,
      notice: check.notice && withShipDate(check.notice, expectedShipDate),
      expectedShipDate,
      errors: check.errors,
    };
  });
}
