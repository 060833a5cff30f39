import fc from 'fast-check';

/**
 * What a merchant, an order system and ops may do to one small world, as plain data: indices pick
 * among its channels, SKUs, sources, orders and holds when the command runs (an index past the end
 * wraps), so any sequence is meaningful and the model decides what the services should answer.
 */
export type ModelCommand =
  | {
      readonly kind: 'order';
      readonly channel: number;
      readonly lines: readonly { sku: number; qty: number }[];
    }
  | { readonly kind: 'resend'; readonly order: number }
  | { readonly kind: 'cancel'; readonly order: number; readonly partial?: { sku: number; qty: number } }
  | {
      readonly kind: 'ship';
      readonly order: number;
      readonly parts: readonly { sku: number; source: number; qty: number }[];
    }
  | {
      readonly kind: 'refund';
      readonly order: number;
      readonly sku: number;
      readonly qty: number;
      readonly returnToStock: boolean;
    }
  | { readonly kind: 'hold'; readonly channel: number; readonly sku: number; readonly qty: number }
  | { readonly kind: 'releaseHold'; readonly hold: number }
  | { readonly kind: 'expiringHold'; readonly channel: number; readonly sku: number; readonly qty: number }
  | { readonly kind: 'setQuantity'; readonly sku: number; readonly source: number; readonly qty: number }
  | { readonly kind: 'settings'; readonly sku: number; readonly preset: number }
  | { readonly kind: 'toggleSource'; readonly source: number }
  | { readonly kind: 'relink' }
  | { readonly kind: 'deleteStock' }
  | {
      readonly kind: 'redeliver';
      readonly sku: number;
      readonly source: number;
      readonly newId: boolean;
      readonly qty: number;
    };

export const SKUS = 2;
export const SOURCES = 2;
export const CHANNELS = 2;
/**
 * The world's one kit: one unit of SKU 0 and two of SKU 1. An order line's or a cancel's `sku`
 * index SKUS names it; every other command names stocked SKUs only (a kit has no stock of its own).
 */
export const KIT_PARTS = [
  { sku: 0, qty: 1 },
  { sku: 1, qty: 2 },
] as const;

const sku = fc.nat({ max: SKUS - 1 });
const lineSku = fc.nat({ max: SKUS });
const source = fc.nat({ max: SOURCES - 1 });
const channel = fc.nat({ max: CHANNELS - 1 });
const units = fc.integer({ min: 1, max: 4 });
const pick = fc.nat({ max: 20 });

/** Commands weighted the way a shop sees them: mostly orders and their lifecycle. */
export const modelCommand: fc.Arbitrary<ModelCommand> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('order' as const),
      channel,
      lines: fc.array(fc.record({ sku: lineSku, qty: units }), { minLength: 1, maxLength: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('resend' as const), order: pick }) },
  {
    weight: 2,
    arbitrary: fc.record(
      {
        kind: fc.constant('cancel' as const),
        order: pick,
        partial: fc.record({ sku: lineSku, qty: fc.integer({ min: 1, max: 3 }) }),
      },
      { requiredKeys: ['kind', 'order'] },
    ),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('ship' as const),
      order: pick,
      parts: fc.array(fc.record({ sku, source, qty: fc.integer({ min: 1, max: 3 }) }), {
        minLength: 1,
        maxLength: 2,
      }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('refund' as const),
      order: pick,
      sku,
      qty: fc.integer({ min: 1, max: 3 }),
      returnToStock: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('hold' as const), channel, sku, qty: units }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('releaseHold' as const), hold: pick }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('expiringHold' as const),
      channel,
      sku,
      qty: fc.integer({ min: 1, max: 2 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('setQuantity' as const),
      sku,
      source,
      qty: fc.integer({ min: 0, max: 9 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('settings' as const), sku, preset: fc.nat({ max: 2 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('toggleSource' as const), source }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'relink' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'deleteStock' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('redeliver' as const),
      sku,
      source,
      newId: fc.boolean(),
      qty: fc.integer({ min: 0, max: 9 }),
    }),
  },
);

/** A world's start (quantities per SKU and source) and what happens to it. */
export interface ModelSequence {
  readonly quantities: readonly (readonly number[])[];
  readonly commands: readonly ModelCommand[];
}

export const modelSequence = (maxCommands: number): fc.Arbitrary<ModelSequence> =>
  fc.record({
    quantities: fc.array(
      fc.array(fc.integer({ min: 0, max: 8 }), { minLength: SOURCES, maxLength: SOURCES }),
      {
        minLength: SKUS,
        maxLength: SKUS,
      },
    ),
    commands: fc.array(modelCommand, { minLength: 3, maxLength: maxCommands }),
  });

/** The settings presets a command may set (each valid: a negative threshold only with backorders). */
export const SETTINGS_PRESETS = [
  { backorders: 'none', minQty: 0 },
  { backorders: 'allow', minQty: -3 },
  { backorders: 'none', minQty: 1 },
] as const;

/**
 * Every setting of a SKU the model needs fixed, with a preset's backorders and threshold: set whole
 * on each SKU, so the global settings (other suites change them) do not matter. No low-stock
 * alerts (notify quantity 0): the model's hundreds of SKUs would fill the report.
 */
export const modelSkuSettings = (preset: (typeof SETTINGS_PRESETS)[number]) => ({
  manageStock: true,
  notifyStockQty: 0,
  minSaleQty: 1,
  maxSaleQty: 10_000,
  enableQtyIncrements: false,
  isQtyDecimal: false,
  ...preset,
});
