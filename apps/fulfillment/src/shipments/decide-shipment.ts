import { pairKey, sumQty } from '@inventory/contracts';
import { ItemRefusals } from '../orders/item-refusals';
import { KitRecipes, describeLine, expandKitLines, toShip } from '@inventory/order-lines';
import { OrderLineCounts } from '../orders/order-line';

/** Magento's words when a source cannot give what a shipment asks (the catalog uses them too). */
export const NOT_ALL_AVAILABLE = 'Not all of your products are available in the requested quantity.';

export interface ShipmentItem {
  readonly sku: string;
  readonly sourceCode: string;
  readonly qty: number;
}

export interface ShipmentContext {
  readonly orderId: string;
  readonly stockId: number;
  readonly lines: ReadonlyMap<string, OrderLineCounts>;
  /** The sources linked to the order's stock. */
  readonly linkedSources: ReadonlyMap<string, { readonly enabled: boolean }>;
  /** What the source still has of the SKU once earlier shipments are deducted; undefined: not there. */
  readonly onHand: (sku: string, sourceCode: string) => number | undefined;
  /** The order's kits: an item naming one ships its components (the order's lines). */
  readonly kits?: KitRecipes;
}

/** What to ship; a shipment that cannot be made is a Refusal (409) naming every bad item. */
export type ShipmentDecision = { readonly kind: 'ship'; readonly items: readonly ShipmentItem[] };

/**
 * The items as they ship: a kit's item is its components' items from the same source (by the
 * recipe the order was reserved with), then items naming the same SKU and source summed, in the
 * order first named, each with the index of the item it came from first.
 */
export function mergeShipmentItems(
  items: readonly ShipmentItem[],
  kits: KitRecipes = {},
): (ShipmentItem & { index: number })[] {
  const merged = new Map<string, ShipmentItem & { index: number }>();
  const indexed = items.map(({ sku, sourceCode, qty }, index) => ({ sku, sourceCode, qty, index }));
  for (const item of expandKitLines(indexed, kits)) {
    const key = pairKey(item.sku, item.sourceCode);
    const seen = merged.get(key);
    merged.set(key, { ...item, qty: sumQty([seen?.qty ?? 0, item.qty]), index: seen?.index ?? item.index });
  }
  return [...merged.values()];
}

/**
 * Checks a shipment against the order and the sources: every SKU on the order, no more than is left
 * to ship (so never a canceled line), only from enabled sources of the order's stock, and no more
 * than a source has. Items naming the same SKU and source are merged.
 */
export function decideShipment(
  requested: readonly ShipmentItem[],
  context: ShipmentContext,
): ShipmentDecision {
  const refusals = new ItemRefusals();
  const refuse = refusals.add.bind(refusals);

  const merged = mergeShipmentItems(requested, context.kits);
  const bySku = new Map<string, { qty: number; index: number }>();
  for (const { sku, qty, index } of merged) {
    const seen = bySku.get(sku);
    bySku.set(sku, { qty: sumQty([seen?.qty ?? 0, qty]), index: seen?.index ?? index });
  }

  for (const [sku, { qty, index }] of bySku) {
    const line = context.lines.get(sku);
    if (!line) {
      refuse('sku_not_in_order', `items.${index}.sku`, `SKU "${sku}" is not on order ${context.orderId}`);
    } else if (toShip(line) === 0 && line.canceled > 0) {
      refuse(
        'line_canceled',
        `items.${index}.qty`,
        `"${sku}" on order ${context.orderId} is canceled (${describeLine(line)})`,
      );
    } else if (qty > toShip(line)) {
      refuse(
        'more_than_ordered',
        `items.${index}.qty`,
        `cannot ship ${qty} of "${sku}": ${toShip(line)} left to ship (${describeLine(line)})`,
      );
    }
  }
  for (const { sku, sourceCode, qty, index } of merged) {
    if (!context.lines.has(sku)) continue; // refused above already
    const source = context.linkedSources.get(sourceCode);
    const onHand = context.onHand(sku, sourceCode);
    if (!source) {
      refuse(
        'source_not_in_stock',
        `items.${index}.sourceCode`,
        `source "${sourceCode}" is not linked to stock ${context.stockId}, which order ${context.orderId} sells from`,
      );
    } else if (!source.enabled) {
      refuse('source_disabled', `items.${index}.sourceCode`, `source "${sourceCode}" is disabled`);
    } else if (onHand === undefined || onHand < qty) {
      refuse(
        'insufficient_source_qty',
        `items.${index}.qty`,
        `${NOT_ALL_AVAILABLE} Source "${sourceCode}" has ${Math.max(onHand ?? 0, 0)} of "${sku}" to ship, ${qty} asked`,
      );
    }
  }
  refusals.refuseIfAny('The shipment was refused');
  return { kind: 'ship', items: merged.map(({ sku, sourceCode, qty }) => ({ sku, sourceCode, qty })) };
}
