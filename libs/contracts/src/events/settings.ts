import { IsBoolean, IsIn, IsOptional, Min, ValidateIf } from 'class-validator';
import { BACKORDERS, Backorders, IsQuantity } from './common';

export const LOW_STOCK_ACTIVITIES = ['nothing', 'disable_buy_button', 'unpublish'] as const;
export type LowStockActivity = (typeof LOW_STOCK_ACTIVITIES)[number];

/** Every inventory setting the README lists, resolved product override → global default. */
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
  readonly allowBackInStockSubscriptions: boolean;
  readonly isQtyDecimal: boolean;
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
  allowBackInStockSubscriptions: false,
  isQtyDecimal: false,
};

const notNull = (_: object, value: unknown) => value !== null && value !== undefined;

/**
 * A partial change of settings: a field present is set, `null` means "use global" (for a SKU
 * override), a field absent keeps its value.
 */
export class InventorySettingsPatch {
  @IsOptional() @ValidateIf(notNull) @IsBoolean() readonly manageStock?: boolean | null;
  @IsOptional() @ValidateIf(notNull) @IsIn(BACKORDERS) readonly backorders?: Backorders | null;
  @IsOptional() @ValidateIf(notNull) @IsQuantity() readonly minQty?: number | null;
  @IsOptional() @ValidateIf(notNull) @IsQuantity() @Min(0) readonly minSaleQty?: number | null;
  @IsOptional() @ValidateIf(notNull) @IsQuantity() @Min(0) readonly maxSaleQty?: number | null;
  @IsOptional() @ValidateIf(notNull) @IsBoolean() readonly enableQtyIncrements?: boolean | null;
  @IsOptional() @ValidateIf(notNull) @IsQuantity() @Min(0.0001) readonly qtyIncrements?: number | null;
  @IsOptional() @ValidateIf(notNull) @IsQuantity() readonly notifyStockQty?: number | null;
  @IsOptional() @ValidateIf(notNull) @IsQuantity() @Min(0) readonly stockThresholdQty?: number | null;
  @IsOptional() @ValidateIf(notNull) @IsBoolean() readonly displayOutOfStock?: boolean | null;
  @IsOptional()
  @ValidateIf(notNull)
  @IsIn(LOW_STOCK_ACTIVITIES)
  readonly lowStockActivity?: LowStockActivity | null;
  @IsOptional() @ValidateIf(notNull) @IsBoolean() readonly allowBackInStockSubscriptions?: boolean | null;
  @IsOptional() @ValidateIf(notNull) @IsBoolean() readonly isQtyDecimal?: boolean | null;
}
