import { OrderLine, RejectedLine, roundQty } from '@inventory/contracts';
import { unitsBySku } from '@inventory/order-lines';
import { Configuration } from '../configuration/configuration';
import {
  StockStanding,
  lowStockActivityCode,
  lowStockActivityOf,
  standingIn,
} from '../sku-state/salable-quantity';
import { SkuState, initialSkuState } from '../sku-state/sku-state';
import { RequestCheck, RequestError, checkRequest } from './check-request';

/** The SKUs lines name (with repeats). */
export const skusOf = (items: readonly { sku: string }[]): string[] => items.map((item) => item.sku);

/** Every line checked against the stock of the channel, after releasing the hold being converted. */
export function checkLines(
  stockId: number,
  items: readonly OrderLine[],
  configuration: Configuration,
  skus: ReadonlyMap<string, SkuState>,
): Map<string, RequestCheck> {
  return new Map(
    [...unitsBySku(items)].map(([sku, qty]) => [
      sku,
      checkRequest(standingIn(skus.get(sku) ?? initialSkuState(sku), configuration, stockId), qty),
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
  readonly errors: readonly RequestError[];
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
): LineCheck[] {
  const checks = new Map(
    [...checkLines(stockId, items, configuration, skus)].map(([sku, check]) => [
      sku,
      withLowStockActivity(check, standingIn(skus.get(sku) ?? initialSkuState(sku), configuration, stockId)),
    ]),
  );
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
    return {
      sku,
      qty,
      isSalable: check.isSalable,
      backorderQty,
      notice: backorderQty > 0 ? check.notice : null,
      errors: check.errors,
    };
  });
}
