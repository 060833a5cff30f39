import { CreditMemoLine, roundQty } from '@inventory/contracts';
import {
  KitRecipes,
  adding,
  describeLine,
  expandKitLines,
  refundable,
  splitRefund,
} from '@inventory/order-lines';
import { ItemRefusals } from '../orders/item-refusals';
import { OrderLineCounts } from '../orders/order-line';

export interface CreditMemoItem {
  readonly sku: string;
  readonly qty: number;
  readonly returnToStock: boolean;
  /** Where returned units go; without it, back to the sources they shipped from. */
  readonly sourceCode?: string;
}

export interface CreditMemoContext {
  readonly orderId: string;
  readonly lines: ReadonlyMap<string, OrderLineCounts>;
  /** Per SKU, the sources it shipped from (first shipment first), with units not yet returned there. */
  readonly shippedFrom: (sku: string) => readonly { readonly sourceCode: string; readonly units: number }[];
  readonly sourceExists: (sourceCode: string) => boolean;
  /** The order's kits: an item naming one refunds its components (the order's lines). */
  readonly kits?: KitRecipes;
}

/** The lines to refund; a credit memo that cannot be made is a Refusal (409) naming every bad item. */
export type CreditMemoDecision = { readonly kind: 'refund'; readonly lines: readonly CreditMemoLine[] };

/**
 * Checks a credit memo and writes the lines CreditMemoCreated carries. A refund takes shipped units
 * first (the order-lines lib's splitRefund); only those can go back to a source. Refunded units that
 * never shipped are a line with `shipped: false`: they are no longer to ship, the reservation service
 * gives their reservation back, and the catalog's quantity never counted them out. So a refund of 4
 * with 3 shipped and returnToStock is 3 returned plus 1 unshipped. Every line says which it is, so
 * the reservation service need not guess from what it has seen shipped so far.
 */
export function decideCreditMemo(
  requested: readonly CreditMemoItem[],
  context: CreditMemoContext,
): CreditMemoDecision {
  const refusals = new ItemRefusals();
  const refuse = refusals.add.bind(refusals);
  const lines = new Map(context.lines);
  const unreturned = new Map<string, { sourceCode: string; units: number }[]>();
  const out: CreditMemoLine[] = [];

  // A kit's item refunds its components (by the recipe the order was reserved with), each named by
  // the kit item's index.
  const indexed = requested.map((item, index) => ({ ...item, index }));
  expandKitLines(indexed, context.kits ?? {}).forEach(({ sku, qty, returnToStock, sourceCode, index }) => {
    const line = lines.get(sku);
    if (!line)
      return refuse(
        'sku_not_in_order',
        `items.${index}.sku`,
        `SKU "${sku}" is not on order ${context.orderId}`,
      );
    const split = splitRefund(line, qty);
    if (!split) {
      return refuse(
        'more_than_refundable',
        `items.${index}.qty`,
        `cannot refund ${qty} of "${sku}": ${refundable(line)} refundable (${describeLine(line)})`,
      );
    }
    const { shipped, unshipped } = split;
    if (shipped > 0 && !returnToStock) {
      out.push({ sku, qty: shipped, returnToStock: false, sourceCode: null, shipped: true });
    } else if (shipped > 0 && sourceCode !== undefined) {
      if (!context.sourceExists(sourceCode)) {
        return refuse('unknown_source', `items.${index}.sourceCode`, `source "${sourceCode}" does not exist`);
      }
      out.push({ sku, qty: shipped, returnToStock: true, sourceCode, shipped: true });
    } else if (shipped > 0) {
      const from = unreturned.get(sku) ?? context.shippedFrom(sku).map((s) => ({ ...s }));
      unreturned.set(sku, from);
      let left = shipped;
      for (const source of from) {
        const units = Math.min(source.units, left);
        if (units <= 0) continue;
        source.units = roundQty(source.units - units);
        left = roundQty(left - units);
        out.push({ sku, qty: units, returnToStock: true, sourceCode: source.sourceCode, shipped: true });
      }
      if (left > 0) {
        return refuse(
          'return_source_unknown',
          `items.${index}.sourceCode`,
          `no shipment of "${sku}" says where ${left} units came from: name the source to return them to`,
        );
      }
    }
    if (unshipped > 0)
      out.push({ sku, qty: unshipped, returnToStock: false, sourceCode: null, shipped: false });
    lines.set(sku, {
      ...adding(adding(line, 'refundedShipped', shipped), 'refundedUnshipped', unshipped),
      returnedToStock: roundQty(line.returnedToStock + (returnToStock ? shipped : 0)),
    });
  });

  refusals.refuseIfAny('The credit memo was refused');
  return { kind: 'refund', lines: out };
}
