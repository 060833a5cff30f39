import { roundQty } from '@inventory/contracts';

/** The days of sales a reorder point averages over, and that a suggestion buys beyond it. */
export const SALES_WINDOW_DAYS = 28;

export interface ReorderInputs {
  /** The source's available quantity of the SKU (sellable, on hand). */
  readonly available: number;
  /** Units on their way to the source (open purchase orders, transfers in transit). */
  readonly incoming: number;
  /** The buffer kept back at the source (the source item's safety stock). */
  readonly safetyStock: number;
  /** Units shipped from the source over the last SALES_WINDOW_DAYS days. */
  readonly shipped: number;
  /** Days from ordering to the goods arriving: the source's last supplier's, else the default. */
  readonly leadTimeDays: number;
  /** Whether the SKU is bought in fractions (else suggestions are whole units, rounded up). */
  readonly isQtyDecimal: boolean;
}

export interface ReorderSuggestion {
  readonly dailySales: number;
  readonly reorderPoint: number;
  readonly suggestedQty: number;
}

/**
 * Seed 000's rule: reorder point = average daily sales × supplier lead time + safety stock. When
 * what the source has and has coming (available + incoming) is at or below it, buy enough to reach
 * the reorder point plus another SALES_WINDOW_DAYS days of sales. Null: nothing to order (above the
 * point, or nothing would be bought).
 */
export function reorderSuggestion(inputs: ReorderInputs): ReorderSuggestion | null {
  const dailySales = inputs.shipped / SALES_WINDOW_DAYS;
  const reorderPoint = dailySales * inputs.leadTimeDays + inputs.safetyStock;
  const onHandAndComing = inputs.available + inputs.incoming;
  if (onHandAndComing > reorderPoint) return null;
  const short = reorderPoint + dailySales * SALES_WINDOW_DAYS - onHandAndComing;
  const suggestedQty = inputs.isQtyDecimal ? roundQty(short) : Math.ceil(roundQty(short));
  if (suggestedQty <= 0) return null;
  return { dailySales: roundQty(dailySales), reorderPoint: roundQty(reorderPoint), suggestedQty };
}
