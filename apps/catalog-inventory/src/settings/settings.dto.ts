import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';
import {
  BACKORDERS,
  DEFAULT_INVENTORY_SETTINGS,
  InventorySettings,
  LOW_STOCK_ACTIVITIES,
} from '@inventory/contracts';

/**
 * OpenAPI shapes of the settings routes. The validation lives in the contracts' domain classes
 * (which must not depend on Swagger), so these documentation classes are built from one table of
 * the settings instead of repeating thirteen decorated fields three times.
 */
const SETTING_SCHEMAS: { readonly [K in keyof InventorySettings]: ApiPropertyOptions } = {
  manageStock: { type: Boolean },
  backorders: { enum: BACKORDERS },
  minQty: { type: Number, description: 'Out-of-Stock Threshold; negative only with backorders' },
  minSaleQty: { type: Number },
  maxSaleQty: { type: Number },
  enableQtyIncrements: { type: Boolean },
  qtyIncrements: { type: Number },
  notifyStockQty: { type: Number, description: 'Notify for Quantity Below' },
  stockThresholdQty: { type: Number, description: 'Only X left threshold' },
  displayOutOfStock: { type: Boolean },
  lowStockActivity: { enum: LOW_STOCK_ACTIVITIES },
  lowStockActivityQty: {
    type: Number,
    nullable: true,
    description:
      'Minimum Stock Quantity: the low-stock activity acts below it (null: only when out of stock)',
  },
  allowBackInStockSubscriptions: { type: Boolean },
  isQtyDecimal: { type: Boolean },
  backorderLeadTimeDays: {
    type: Number,
    nullable: true,
    description:
      'Ships in X days: when a backorder is expected to ship with nothing incoming (null: unknown)',
  },
};

type Settings<T> = { [K in keyof InventorySettings]: T };

function documented<T>(name: string, property: (key: keyof InventorySettings) => ApiPropertyOptions) {
  const Shape = { [name]: class {} }[name] as new () => Settings<T>;
  for (const key of Object.keys(SETTING_SCHEMAS) as (keyof InventorySettings)[]) {
    ApiProperty({ example: DEFAULT_INVENTORY_SETTINGS[key], ...property(key) })(Shape.prototype, key);
  }
  return Shape;
}

export const SettingsValues = documented('SettingsValues', (key) => SETTING_SCHEMAS[key]);
export const SettingOrigins = documented('SettingOrigins', () => ({
  enum: ['product', 'global', 'default'],
  example: 'default',
}));
export const SettingsOverrides = documented('SettingsOverrides', (key) => ({
  ...SETTING_SCHEMAS[key],
  nullable: true,
}));
export const SettingsPatchBody = documented(
  'SettingsPatchBody',
  (key) =>
    ({
      ...SETTING_SCHEMAS[key],
      nullable: true,
      required: false,
      description: 'present: set · null: back to the level below · absent: unchanged',
    }) as ApiPropertyOptions,
);

export class GlobalSettingsResponse {
  @ApiProperty({ type: SettingsValues, description: 'The values in effect' }) readonly settings!: object;
  @ApiProperty({ type: SettingOrigins, description: 'global (configured here) or default (built in)' })
  readonly origin!: object;
  @ApiProperty({ type: SettingsOverrides, description: 'What the global configuration sets; null = default' })
  readonly configured!: object;
}

export class ProductSettingsResponse {
  @ApiProperty({ example: 'HDB-001' }) readonly sku!: string;
  @ApiProperty({ type: SettingsValues, description: 'The values in effect for the SKU' })
  readonly settings!: object;
  @ApiProperty({ type: SettingOrigins, description: 'Where each value came from' }) readonly origin!: object;
  @ApiProperty({ type: SettingsOverrides, description: "The SKU's overrides; null = use global" })
  readonly overrides!: object;
}
