import { SourceItemState, roundQty, sumQty } from '@inventory/contracts';

/**
 * What the reservation service knows about one SKU in the Default Stock: the quantity of each
 * source (0 when the source item is out of stock) and the sum of open reservations (≤ 0).
 * Issue 6 replaces this with the per-SKU event stream and the full topology.
 */
export interface StockPosition {
  readonly sku: string;
  readonly sourceQuantities: Readonly<Record<string, number>>;
  readonly reserved: number;
  /** Sources switched off in the catalog: their quantity is kept but not sellable. */
  readonly disabledSources?: readonly string[];
}

export const emptyPosition = (sku: string): StockPosition => ({ sku, sourceQuantities: {}, reserved: 0 });

export function sourceQuantity(position: StockPosition): number {
  const disabled = new Set(position.disabledSources ?? []);
  return sumQty(
    Object.entries(position.sourceQuantities).flatMap(([source, qty]) => (disabled.has(source) ? [] : [qty])),
  );
}

/** DESIGN.md: salableQty = sourceQty + reserved − minQty. */
export function salableQuantity(position: StockPosition, minQty = 0): number {
  return roundQty(sourceQuantity(position) + position.reserved - minQty);
}

/** Source items carry absolute quantities; an out-of-stock item counts for nothing. */
export function withSourceItems(position: StockPosition, items: readonly SourceItemState[]): StockPosition {
  const sourceQuantities = { ...position.sourceQuantities };
  for (const item of items)
    sourceQuantities[item.sourceCode] = item.status === 'in_stock' ? item.quantity : 0;
  return { ...position, sourceQuantities };
}

/** A reservation is negative (an order holds units); a compensation is positive. */
export function withReservation(position: StockPosition, qty: number): StockPosition {
  return { ...position, reserved: roundQty(position.reserved + qty) };
}
