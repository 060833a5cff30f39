import { FieldError, InventoryState, MAX_QTY, Refusal, pairKey, roundQty } from '@inventory/contracts';
import { FIELD_OF_STATE, newSourceItem, withAvailableQuantity } from '../source-items/source-item-store';
import { SourceItemView } from '../source-items/source-items.dto';

/** One change of an adjustment: `delta` units into (or, negative, out of) one state of one item. */
export interface AdjustmentChange {
  readonly sku: string;
  readonly sourceCode: string;
  readonly state: InventoryState;
  readonly delta: number;
  /** The quantity the merchant saw in that state: any other quantity now refuses the adjustment. */
  readonly compareQuantity?: number;
}

/**
 * The source items after an adjustment, from the items stored now (absent: never stored, every
 * state 0). All the changes apply or none: a `compareQuantity` that is not the state's quantity
 * refuses it (`quantity_changed`), and so does any state that would go below 0
 * (`insufficient_quantity`) or above MAX_QTY (`quantity_too_large`); the same state of the same item named twice is `duplicate_change`.
 * Goods that come into `available` of an item at 0 or below make it in stock again. A SKU whose
 * setting "Qty Uses Decimals" is off moves whole units only (`fractional_quantity`).
 */
export function decideAdjustment(
  stored: ReadonlyMap<string, SourceItemView>,
  changes: readonly AdjustmentChange[],
  usesDecimals: (sku: string) => boolean = () => false,
): SourceItemView[] {
  refuseRepeatedChanges(changes);
  refuseFractionsOfWholeUnits(changes, usesDecimals);
  const after = new Map<string, SourceItemView>();
  const changed: FieldError[] = [];
  const short: FieldError[] = [];
  const tooMuch: FieldError[] = [];
  changes.forEach((change, index) => {
    const key = pairKey(change.sku, change.sourceCode);
    const item = after.get(key) ?? stored.get(key) ?? newSourceItem(change.sku, change.sourceCode);
    const field = FIELD_OF_STATE[change.state];
    const current = stored.get(key)?.[field] ?? 0;
    if (change.compareQuantity !== undefined && change.compareQuantity !== current)
      changed.push({
        field: `changes.${index}.compareQuantity`,
        problems: [`${describe(change)} is ${current} now, not ${change.compareQuantity}`],
      });
    const quantity = roundQty(item[field] + change.delta);
    if (quantity < 0)
      short.push({
        field: `changes.${index}.delta`,
        problems: [`${describe(change)} is ${item[field]}: ${change.delta} would leave ${quantity}`],
      });
    if (quantity > MAX_QTY)
      tooMuch.push({
        field: `changes.${index}.delta`,
        problems: [`${describe(change)} would be ${quantity}, above the largest quantity ${MAX_QTY}`],
      });
    after.set(
      key,
      field === 'quantity' ? withAvailableQuantity(item, quantity) : { ...item, [field]: quantity },
    );
  });
  // The merchant's view was out of date: that says more than a shortfall computed from it.
  if (changed.length)
    throw new Refusal('quantity_changed', 'The quantity changed since it was read: nothing applied', {
      errors: changed,
    });
  if (short.length)
    throw new Refusal('insufficient_quantity', 'A state would go below 0: nothing applied', {
      errors: short,
    });
  if (tooMuch.length)
    throw new Refusal('quantity_too_large', 'A state would go above the largest quantity: nothing applied', {
      kind: 'invalid',
      errors: tooMuch,
    });
  return [...after.values()];
}

const describe = (change: AdjustmentChange) =>
  `${change.state} of "${change.sku}" at source "${change.sourceCode}"`;

function refuseRepeatedChanges(changes: readonly AdjustmentChange[]): void {
  const first = new Map<string, number>();
  const errors = changes.flatMap((change, index): FieldError[] => {
    const key = `${pairKey(change.sku, change.sourceCode)}\u0000${change.state}`;
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, index);
      return [];
    }
    return [{ field: `changes.${index}`, problems: [`repeats ${describe(change)} of changes.${earlier}`] }];
  });
  if (errors.length)
    throw new Refusal('duplicate_change', 'A state of a source item is changed twice', {
      kind: 'invalid',
      errors,
    });
}

function refuseFractionsOfWholeUnits(
  changes: readonly AdjustmentChange[],
  usesDecimals: (sku: string) => boolean,
): void {
  const errors = changes.flatMap((change, index): FieldError[] =>
    usesDecimals(change.sku) || Number.isInteger(change.delta)
      ? []
      : [
          {
            field: `changes.${index}.delta`,
            problems: [
              `"${change.sku}" is counted in whole units (Qty Uses Decimals is off): ${change.delta}`,
            ],
          },
        ],
  );
  if (errors.length)
    throw new Refusal('fractional_quantity', 'A SKU counted in whole units was given a fraction', {
      kind: 'invalid',
      errors,
    });
}
