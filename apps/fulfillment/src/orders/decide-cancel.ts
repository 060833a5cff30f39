import { OrderLine, Refusal } from '@inventory/contracts';
import { describeLine, toShip, unitsBySku } from '@inventory/order-lines';
import { OrderLineCounts } from './order-line';

/**
 * OrderCanceled → units canceled per SKU, by the same rule as the reservation service: without
 * items every unit still to ship; with items the named units, and more than is left to ship
 * refuses the whole event (nothing half-applied): a Refusal `sku_not_in_order` or `over_cancel`.
 */
export function decideCancel(
  orderId: string,
  lines: ReadonlyMap<string, OrderLineCounts>,
  items: readonly OrderLine[] | undefined,
): ReadonlyMap<string, number> {
  if (!items) return new Map([...lines].map(([sku, line]) => [sku, toShip(line)]));
  const wanted = unitsBySku(items);
  for (const [sku, units] of wanted) {
    const line = lines.get(sku);
    if (!line) throw new Refusal('sku_not_in_order', `SKU "${sku}" is not on order ${orderId}`);
    if (units > toShip(line)) {
      throw new Refusal(
        'over_cancel',
        `Cannot cancel ${units} of "${sku}" on order ${orderId}: only ${toShip(line)} left to ship (${describeLine(line)})`,
      );
    }
  }
  return wanted;
}
