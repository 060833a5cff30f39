import { InventorySettings, roundQty } from '@inventory/contracts';
import { StockStanding } from '../sku-state/salable-quantity';

export interface RequestError {
  readonly code: string;
  readonly message: string;
}

export interface RequestCheck {
  readonly isSalable: boolean;
  /** The part of the request above physical stock, served as a backorder. */
  readonly backorderQty: number;
  readonly errors: readonly RequestError[];
  /** `allow_notify` backorders: what to tell the shopper. */
  readonly notice: string | null;
}

export const BACKORDER_NOTICE =
  "We don't have as many as you requested, so we'll backorder the remaining items";

const isMultipleOf = (qty: number, step: number) =>
  Math.round(qty * 10_000) % Math.round(step * 10_000) === 0;

/** A quantity this SKU cannot be bought in: decimals of a whole-unit product. */
function decimalErrors(settings: InventorySettings, qty: number): RequestError[] {
  if (settings.isQtyDecimal || Number.isInteger(qty)) return [];
  return [
    { code: 'is_correct_qty-is_qty_decimal', message: 'You cannot use decimal quantity for this product.' },
  ];
}

/** The product's limits on one purchase: fewest, most, and the step. */
function saleQtyErrors(settings: InventorySettings, qty: number): RequestError[] {
  const errors: RequestError[] = [];
  if (qty < settings.minSaleQty) {
    errors.push({
      code: 'is_correct_qty-min_sale_qty',
      message: `The fewest you may purchase is ${settings.minSaleQty}.`,
    });
  }
  if (qty > settings.maxSaleQty) {
    errors.push({
      code: 'is_correct_qty-max_sale_qty',
      message: `The most you may purchase is ${settings.maxSaleQty}.`,
    });
  }
  if (settings.enableQtyIncrements && !isMultipleOf(qty, settings.qtyIncrements)) {
    errors.push({
      code: 'is_correct_qty-qty_increment',
      message: `You can buy this product only in quantities of ${settings.qtyIncrements} at a time.`,
    });
  }
  return errors;
}

/** Every rule on the quantity asked for, whatever the stock: a kit's own line is checked by these. */
export const qtyRuleErrors = (settings: InventorySettings, qty: number): RequestError[] => [
  ...decimalErrors(settings, qty),
  ...saleQtyErrors(settings, qty),
];

/**
 * Magento's IsProductSalableForRequestedQty: may `qty` units of the SKU be sold in this stock?
 * Codes are Magento's, so integrators can map them to the messages they already show. The limits
 * on one purchase apply to `purchasedQty`, the units bought as this SKU (null: none, the units are
 * all components of kits bought); the stock's verdicts to all `qty` units.
 */
export function checkRequest(
  standing: StockStanding,
  qty: number,
  purchasedQty: number | null = qty,
): RequestCheck {
  const { settings } = standing;
  const errors: RequestError[] = [];
  if (!standing.assigned) {
    errors.push({
      code: 'requested-sku-is-not-assigned-to-given-stock',
      message: 'The requested sku is not assigned to given stock.',
    });
  }
  errors.push(...decimalErrors(settings, qty));
  if (purchasedQty !== null) errors.push(...saleQtyErrors(settings, purchasedQty));
  if (standing.assigned && standing.salableQty !== null && qty > standing.salableQty) {
    const left = Math.max(0, standing.salableQty);
    errors.push({
      code: 'is_salable_with_reservations-not_enough_qty',
      message: left > 0 ? `Only ${left} of ${qty} available` : 'Not enough items for sale',
    });
  }
  const backorderQty =
    standing.physicalQty === null || settings.backorders === 'none'
      ? 0
      : Math.max(0, roundQty(qty - standing.physicalQty));
  const isSalable = errors.length === 0;
  return {
    isSalable,
    backorderQty: isSalable ? backorderQty : 0,
    errors,
    notice: isSalable && backorderQty > 0 && settings.backorders === 'allow_notify' ? BACKORDER_NOTICE : null,
  };
}
