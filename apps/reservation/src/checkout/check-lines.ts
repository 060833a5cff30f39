import { OrderLine, RejectedLine, sumQty } from '@inventory/contracts';
import { Configuration } from '../configuration/configuration';
import { standingIn } from '../sku-state/salable-quantity';
import { SkuState, initialSkuState } from '../sku-state/sku-state';
import { RequestCheck, checkRequest } from './check-request';

/** The SKUs lines name (with repeats). */
export const skusOf = (items: readonly { sku: string }[]): string[] => items.map((item) => item.sku);

/** Total quantity asked per SKU: an order may name one SKU on several lines. */
export function quantitiesBySku(items: readonly OrderLine[]): Map<string, number> {
  const lines = new Map<string, number[]>();
  for (const { sku, qty } of items) lines.set(sku, [...(lines.get(sku) ?? []), qty]);
  return new Map([...lines].map(([sku, qtys]) => [sku, sumQty(qtys)]));
}

/** Every line checked against the stock of the channel, after releasing the hold being converted. */
export function checkLines(
  stockId: number,
  items: readonly OrderLine[],
  configuration: Configuration,
  skus: ReadonlyMap<string, SkuState>,
): Map<string, RequestCheck> {
  return new Map(
    [...quantitiesBySku(items)].map(([sku, qty]) => [
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
