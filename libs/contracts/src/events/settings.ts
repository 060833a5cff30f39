import { IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { BACKORDERS, Backorders, IsQuantity } from './common';

export const LOW_STOCK_ACTIVITIES = ['nothing', 'disable_buy_button', 'unpublish'] as const;
export type LowStockActivity = (typeof LOW_STOCK_ACTIVITIES)[number];

/** Every inventory setting (docs/catalog-inventory.md lists them), resolved product override → global default. */
export interface InventorySettings {
  readonly manageStock: boolean;
  readonly backorders: Backorders;
  readonly minQty: number;
  readonly minSaleQty: number;
  readonly maxSaleQty: number;
  readonly enableQtyIncrements: boolean;
  readonly qtyIncrements: number;
  readonly notifyStockQty: number;
  readonly stockThresholdQty: number;
  readonly displayOutOfStock: boolean;
  readonly lowStockActivity: LowStockActivity;
  /**
   * Smartstore's "Minimum Stock Quantity": the low-stock activity acts while the salable quantity
   * in the stock is below it; null (the default): only once the SKU is out of stock.
   */
  readonly lowStockActivityQty: number | null;
  readonly allowBackInStockSubscriptions: boolean;
  readonly isQtyDecimal: boolean;
  /**
   * BigCommerce's "Ships in X days": a backorder with nothing incoming to cover it is expected to
   * ship this many days from today; null (the default): unknown.
   */
  readonly backorderLeadTimeDays: number | null;
}

/** Magento's defaults ("Use Config Settings" values out of the box). */
export const DEFAULT_INVENTORY_SETTINGS: InventorySettings = {
  manageStock: true,
  backorders: 'none',
  minQty: 0,
  minSaleQty: 1,
  maxSaleQty: 10000,
  enableQtyIncrements: false,
  qtyIncrements: 1,
  notifyStockQty: 1,
  stockThresholdQty: 0,
  displayOutOfStock: false,
  lowStockActivity: 'nothing',
  lowStockActivityQty: null,
  allowBackInStockSubscriptions: false,
  isQtyDecimal: false,
  backorderLeadTimeDays: null,
};

/**
 * A partial change of settings: a field present is set, `null` means "use global" (for a SKU
 * override), a field absent keeps its value.
 */
export class InventorySettingsPatch {
  @IsOptional() @IsBoolean() readonly manageStock?: boolean | null;
  @IsOptional() @IsIn(BACKORDERS) readonly backorders?: Backorders | null;
  @IsOptional() @IsQuantity() readonly minQty?: number | null;
  @IsOptional() @IsQuantity() @Min(0) readonly minSaleQty?: number | null;
  @IsOptional() @IsQuantity() @Min(0) readonly maxSaleQty?: number | null;
  @IsOptional() @IsBoolean() readonly enableQtyIncrements?: boolean | null;
  @IsOptional() @IsQuantity() @Min(0.0001) readonly qtyIncrements?: number | null;
  @IsOptional() @IsQuantity() readonly notifyStockQty?: number | null;
  @IsOptional() @IsQuantity() @Min(0) readonly stockThresholdQty?: number | null;
  @IsOptional() @IsBoolean() readonly displayOutOfStock?: boolean | null;
  @IsOptional()
  @IsIn(LOW_STOCK_ACTIVITIES)
  readonly lowStockActivity?: LowStockActivity | null;
  @IsOptional() @IsQuantity() @Min(0) readonly lowStockActivityQty?: number | null;
  @IsOptional() @IsBoolean() readonly allowBackInStockSubscriptions?: boolean | null;
  @IsOptional() @IsBoolean() readonly isQtyDecimal?: boolean | null;
  @IsOptional() @IsInt() @Min(0) @Max(3650) readonly backorderLeadTimeDays?: number | null;
}
