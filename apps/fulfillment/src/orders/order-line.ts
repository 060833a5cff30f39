import { roundQty, sumQty } from '@inventory/contracts';

/** One SKU of an order and what has happened to its units (Magento's order item counters). */
export interface OrderLineCounts {
  readonly sku: string;
  readonly ordered: number;
  readonly shipped: number;
  readonly canceled: number;
  readonly refunded: number;
  /** Refunded units that went back to a source. */
  readonly returnedToStock: number;
  /** Units the reservation service gave back (shipped, canceled, refunded unshipped). */
  readonly released: number;
}

export const emptyLine = (sku: string): OrderLineCounts => ({
  sku,
  ordered: 0,
  shipped: 0,
  canceled: 0,
  refunded: 0,
  returnedToStock: 0,
  released: 0,
});

/**
 * Magento's qty to ship: a refund counts against shipped units first, so refunding a shipped unit
 * leaves the unshipped ones to ship. The reservation service holds exactly this many units.
 */
export const toShip = (line: OrderLineCounts): number =>
  Math.max(0, roundQty(line.ordered - Math.max(line.shipped, line.refunded) - line.canceled));

/** Units not yet canceled nor refunded: what a credit memo may still refund. */
export const refundable = (line: OrderLineCounts): number =>
  Math.max(0, roundQty(line.ordered - line.canceled - line.refunded));

/** Shipped units not yet refunded: a refund takes these first (see toShip). */
export const shippedNotRefunded = (line: OrderLineCounts): number =>
  Math.max(0, roundQty(line.shipped - line.refunded));

export const describeLine = (line: OrderLineCounts): string =>
  `ordered ${line.ordered}, shipped ${line.shipped}, canceled ${line.canceled}, refunded ${line.refunded}`;

/** Units per SKU of items that may name a SKU more than once. */
export function unitsBySku(
  items: readonly { readonly sku: string; readonly qty: number }[],
): Map<string, number> {
  const units = new Map<string, number>();
  for (const { sku, qty } of items) units.set(sku, sumQty([units.get(sku) ?? 0, qty]));
  return units;
}
