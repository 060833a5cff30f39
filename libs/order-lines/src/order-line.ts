import { roundQty, sumQty } from '@inventory/contracts';

/**
 * One SKU of an order and what has happened to its units: the counters both the reservation
 * service and fulfillment keep, so that both compute what is left to ship with the same rule.
 */
export interface LineUnits {
  readonly ordered: number;
  /** Units in shipments created (whether or not the catalog has deducted them yet). */
  readonly shipped: number;
  readonly canceled: number;
  /** Refunded units that had shipped: money back, the units were already gone. */
  readonly refundedShipped: number;
  /** Refunded units that never shipped: no longer to ship, so their reservation goes back. */
  readonly refundedUnshipped: number;
}

export const noUnits = (ordered = 0): LineUnits => ({
  ordered,
  shipped: 0,
  canceled: 0,
  refundedShipped: 0,
  refundedUnshipped: 0,
});

const atLeastZero = (value: number) => Math.max(0, roundQty(value));

/**
 * Units still to ship: ordered − shipped − canceled − refundedUnshipped. A refund of shipped units
 * takes nothing from it; a refund of units that never shipped does. This is also exactly what the
 * reservation service holds for the line once every shipment's deduction is recorded.
 */
export const toShip = (line: LineUnits): number =>
  atLeastZero(line.ordered - line.shipped - line.canceled - line.refundedUnshipped);

/** Every unit refunded, shipped or not. */
export const refunded = (line: LineUnits): number => sumQty([line.refundedShipped, line.refundedUnshipped]);

/** Shipped units not refunded yet: a refund takes these first. */
export const shippedNotRefunded = (line: LineUnits): number =>
  atLeastZero(line.shipped - line.refundedShipped);

/** What a credit memo may still refund: shipped units not yet refunded, and units still to ship. */
export const refundable = (line: LineUnits): number => sumQty([shippedNotRefunded(line), toShip(line)]);

/** Units a cancellation may still take: only those still to ship (never units in a shipment). */
export const cancelable = toShip;

/**
 * How a refund of `units` splits: shipped units first (Magento's rule), the rest from units still
 * to ship. Undefined when more than is refundable.
 */
export function splitRefund(
  line: LineUnits,
  units: number,
): { readonly shipped: number; readonly unshipped: number } | undefined {
  if (units > refundable(line)) return undefined;
  const shipped = Math.min(units, shippedNotRefunded(line));
  return { shipped, unshipped: roundQty(units - shipped) };
}

/**
 * Units the reservation service holds for the line: what is still to ship, plus what shipped but
 * is not yet deducted at its source (in flight: counted out of neither place otherwise).
 */
export const reservedUnits = (line: LineUnits, deducted: number): number =>
  Math.max(0, reservedBeforeClamp(line, deducted));

/** The same before clamping at zero: below zero when more was deducted than the line had left. */
export const reservedBeforeClamp = (line: LineUnits, deducted: number): number =>
  roundQty(line.ordered - line.canceled - line.refundedUnshipped - deducted);

/**
 * A shipment or a refund of unshipped units that fulfillment accepted outranks a cancellation this
 * service counted earlier: fulfillment had those units as still to ship when it decided, so the
 * cancel came later there and took fewer units. When the counters say more left the line than was
 * ordered, the cancel gives back the difference (never below zero).
 */
export function yieldCanceled<L extends LineUnits>(line: L): L {
  const over = roundQty(line.shipped + line.canceled + line.refundedUnshipped - line.ordered);
  if (over <= 0 || line.canceled <= 0) return line;
  return { ...line, canceled: roundQty(line.canceled - Math.min(over, line.canceled)) };
}

/** Units added to one counter. */
export const adding = <L extends LineUnits>(line: L, counter: keyof LineUnits, units: number): L => ({
  ...line,
  [counter]: roundQty(line[counter] + units),
});

export const describeLine = (line: LineUnits): string =>
  `ordered ${line.ordered}, shipped ${line.shipped}, canceled ${line.canceled}, refunded ${refunded(line)}` +
  (line.refundedUnshipped > 0 ? ` (${line.refundedUnshipped} of them unshipped)` : '');

/** Units per SKU of items that may name a SKU more than once (an order is checked by these sums). */
export function unitsBySku(
  items: readonly { readonly sku: string; readonly qty: number }[],
): Map<string, number> {
  const units = new Map<string, number>();
  for (const { sku, qty } of items) units.set(sku, sumQty([units.get(sku) ?? 0, qty]));
  return units;
}
