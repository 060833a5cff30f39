import { OrderLine } from '@inventory/contracts';
import { describeLine, toShip, unitsBySku } from '@inventory/order-lines';
import { OrderLineCounts } from './order-line';

export type CancelDecision =
  | { readonly kind: 'cancel'; readonly units: ReadonlyMap<string, number> }
  | { readonly kind: 'refused'; readonly code: string; readonly message: string };

/**
 * OrderCanceled → units canceled per SKU, by the same rule as the reservation service: without
 * items every unit still to ship; with items the named units, and more than is left to ship
 * refuses the whole event (nothing half-applied).
 */
export function decideCancel(
  orderId: string,
  lines: ReadonlyMap<string, OrderLineCounts>,
  items: readonly OrderLine[] | undefined,
): CancelDecision {
  if (!items) {
    return { kind: 'cancel', units: new Map([...lines].map(([sku, line]) => [sku, toShip(line)])) };
  }
  const wanted = unitsBySku(items);
  for (const [sku, units] of wanted) {
    const line = lines.get(sku);
    if (!line) {
      return {
        kind: 'refused',
        code: 'sku_not_in_order',
        message: `SKU "${sku}" is not on order ${orderId}`,
      };
    }
    if (units > toShip(line)) {
      return {
        kind: 'refused',
        code: 'over_cancel',
        message: `Cannot cancel ${units} of "${sku}" on order ${orderId}: only ${toShip(line)} left to ship (${describeLine(line)})`,
      };
    }
  }
  return { kind: 'cancel', units: wanted };
}
