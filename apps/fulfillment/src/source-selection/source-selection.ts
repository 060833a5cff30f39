import { roundQty } from '@inventory/contracts';

export interface Coordinates {
  readonly latitude: number;
  readonly longitude: number;
}

/** A source linked to the order's stock, as the catalog last described it. */
export interface LinkedSource {
  readonly sourceCode: string;
  /** The stock–source link's priority: lower ships first. */
  readonly priority: number;
  readonly enabled: boolean;
  readonly coordinates: Coordinates | null;
}

export interface SelectionInput {
  /** Units still to ship, per SKU. */
  readonly lines: readonly { readonly sku: string; readonly qty: number }[];
  readonly sources: readonly LinkedSource[];
  /**
   * What a source can give now: its quantity less shipments the catalog has not deducted yet;
   * undefined when the SKU is not at that source or is out of stock there.
   */
  readonly available: (sku: string, sourceCode: string) => number | undefined;
  /** Where the parcel goes; algorithms with `needsDestination` always get one. */
  readonly destination?: Coordinates;
}

export interface SourceChoice {
  readonly sourceCode: string;
  readonly qtyAvailable: number;
  readonly qtyToDeduct: number;
  /** Great-circle distance to the destination (distance algorithm); null without coordinates. */
  readonly distanceKm?: number | null;
}

export interface LineSelection {
  readonly sku: string;
  readonly qtyToShip: number;
  /** Units no source can cover. */
  readonly shortfall: number;
  /** Every source that holds the SKU, in the algorithm's order. */
  readonly sources: readonly SourceChoice[];
}

export interface SelectionResult {
  /** Every line is covered. */
  readonly isShippable: boolean;
  readonly lines: readonly LineSelection[];
  /** The recommendation as the items of a POST /shipments body. */
  readonly shipment: readonly { readonly sku: string; readonly sourceCode: string; readonly qty: number }[];
}

/**
 * A way to choose the sources an order ships from (Magento's SourceSelectionInterface). Add one by
 * implementing this and listing it in SOURCE_SELECTION_ALGORITHMS; it is then offered by code.
 */
export interface SourceSelectionAlgorithm {
  readonly code: string;
  readonly title: string;
  readonly description: string;
  /** The request must carry a shipping address the service can place. */
  readonly needsDestination: boolean;
  select(input: SelectionInput): SelectionResult;
}

/** A source in an algorithm's order, with what the algorithm wants to show about it. */
export type RankedSource = LinkedSource & { readonly distanceKm?: number | null };

/**
 * Magento's greedy fill, shared by both algorithms: each line takes from the enabled, in-stock
 * sources in the given order, min(max(available, 0), remaining) from each.
 */
export function fillInOrder(input: SelectionInput, ranked: readonly RankedSource[]): SelectionResult {
  const lines = input.lines.map(({ sku, qty }): LineSelection => {
    let remaining = qty;
    const sources: SourceChoice[] = [];
    for (const source of ranked) {
      const available = source.enabled ? input.available(sku, source.sourceCode) : undefined;
      if (available === undefined) continue;
      const qtyToDeduct = Math.min(Math.max(available, 0), remaining);
      remaining = roundQty(remaining - qtyToDeduct);
      const distance = source.distanceKm === undefined ? {} : { distanceKm: source.distanceKm };
      sources.push({ sourceCode: source.sourceCode, qtyAvailable: available, qtyToDeduct, ...distance });
    }
    return { sku, qtyToShip: qty, shortfall: remaining, sources };
  });
  return {
    isShippable: lines.every((line) => line.shortfall === 0),
    lines,
    shipment: lines.flatMap(({ sku, sources }) =>
      sources
        .filter((s) => s.qtyToDeduct > 0)
        .map((s) => ({ sku, sourceCode: s.sourceCode, qty: s.qtyToDeduct })),
    ),
  };
}

/** Lower priority first; equal priorities by source code, so the answer never depends on row order. */
export const byPriority = (a: LinkedSource, b: LinkedSource): number =>
  a.priority - b.priority || a.sourceCode.localeCompare(b.sourceCode);
