/**
 * The inventory settings as a merchant knows them from Magento's admin ("Out-of-Stock Threshold",
 * not `minQty`), in the order of its Inventory configuration page, each with a line on what it does
 * and its choices in words. The field name stays visible as a hint: it is what the API, the CSV
 * and the events call the setting. A unit test holds these to the contracts' list of settings.
 */
export interface SettingLabel {
  readonly key: string;
  readonly label: string;
  readonly help: string;
  /** The choices of a setting that is not a number, by the value the API takes. */
  readonly choices?: Readonly<Record<string, string>>;
}

const YES_NO = { true: 'Yes', false: 'No' } as const;

export const SETTING_LABELS: readonly SettingLabel[] = [
  {
    key: 'manageStock',
    label: 'Manage Stock',
    help: 'Count this stock: with No, the SKU is always salable and nothing is reserved.',
    choices: YES_NO,
  },
  {
    key: 'backorders',
    label: 'Backorders',
    help: 'Whether an order may take more than is on hand.',
    choices: {
      none: 'No Backorders',
      allow: 'Allow Qty Below 0',
      allow_notify: 'Allow Qty Below 0 and Notify Customer',
    },
  },
  {
    key: 'minQty',
    label: 'Out-of-Stock Threshold',
    help: 'The quantity at which the SKU counts as out of stock; below 0 with backorders, how far it may go.',
  },
  {
    key: 'minSaleQty',
    label: 'Minimum Qty Allowed in Shopping Cart',
    help: 'The least one order line may ask for.',
  },
  {
    key: 'maxSaleQty',
    label: 'Maximum Qty Allowed in Shopping Cart',
    help: 'The most one order line may ask for.',
  },
  {
    key: 'enableQtyIncrements',
    label: 'Enable Qty Increments',
    help: 'Sell only in multiples of Qty Increments.',
    choices: YES_NO,
  },
  {
    key: 'qtyIncrements',
    label: 'Qty Increments',
    help: 'The pack size an order line must be a multiple of.',
  },
  {
    key: 'notifyStockQty',
    label: 'Notify for Quantity Below',
    help: 'A source item below this quantity is in the low-stock report and its digest email.',
  },
  {
    key: 'stockThresholdQty',
    label: 'Only X Left Threshold',
    help: 'The storefront says "Only N left" at or below this salable quantity (0: never).',
  },
  {
    key: 'displayOutOfStock',
    label: 'Display Out of Stock Products',
    help: 'Keep the product visible in the storefront when it cannot be sold.',
    choices: YES_NO,
  },
  {
    key: 'lowStockActivity',
    label: 'Low Stock Activity',
    help: 'What the storefront does with the product when it runs low (below Minimum Stock Quantity) or out.',
    choices: {
      nothing: 'Nothing',
      disable_buy_button: 'Disable the buy button',
      unpublish: 'Unpublish the product',
    },
  },
  {
    key: 'lowStockActivityQty',
    label: 'Minimum Stock Quantity',
    help: 'The Low Stock Activity acts while fewer than this can be sold; empty: only once out of stock.',
  },
  {
    key: 'backorderLeadTimeDays',
    label: 'Backorder Lead Time (days)',
    help: 'Ships in X days: a backorder with nothing incoming is expected to ship this many days from today; empty: unknown.',
  },
  {
    key: 'allowBackInStockSubscriptions',
    label: 'Allow Back In Stock Subscriptions',
    help: 'Shoppers may ask for an email when the product can be sold again.',
    choices: YES_NO,
  },
  {
    key: 'isQtyDecimal',
    label: 'Qty Uses Decimals',
    help: 'Quantities of this SKU may have decimals (up to 4 places).',
    choices: YES_NO,
  },
];

const BY_KEY = new Map(SETTING_LABELS.map((setting) => [setting.key, setting]));

/** The merchant's name of a setting (the field name for one this console does not know yet). */
export const labelOf = (key: string): SettingLabel => BY_KEY.get(key) ?? { key, label: key, help: '' };

/** A setting's value in words: a choice's label, else the value as it is. */
export function valueInWords(key: string, value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  return labelOf(key).choices?.[String(value)] ?? String(value);
}

/** The settings in the merchant's order: the known ones first, any other after them. */
export const inMerchantOrder = (keys: readonly string[]): string[] => [
  ...SETTING_LABELS.map((setting) => setting.key).filter((key) => keys.includes(key)),
  ...keys.filter((key) => !BY_KEY.has(key)),
];
