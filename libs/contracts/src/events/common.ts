// Decorated schemas read design-time types (class-transformer @Type): every event module imports
// this one, so the metadata polyfill is loaded before any of them.
import 'reflect-metadata';
import { IsInt, IsOptional, Max, Min, ValidateBy, ValidationOptions, buildMessage } from 'class-validator';

const QTY_SCALE = 10_000;

/** Largest whole quantity we accept; keeps sums exact in IEEE doubles and in numeric(20,4). */
export const MAX_QTY = 1_000_000_000;

/**
 * No quantity anywhere (sums and salable quantities included) may go beyond this: it is what the
 * numeric(20,4) columns hold, so a bigger one is refused, not a failed INSERT.
 */
export const MAX_ABS_QUANTITY = 1e15;

export const BACKORDERS = ['none', 'allow', 'allow_notify'] as const;
export type Backorders = (typeof BACKORDERS)[number];

export const SOURCE_ITEM_STATUSES = ['in_stock', 'out_of_stock'] as const;
export type SourceItemStatus = (typeof SOURCE_ITEM_STATUSES)[number];

/**
 * The states of a source item's units. `available` is the source item's `quantity`, on hand and
 * sellable; the others are on hand and never sold (Shopify's inventory states).
 */
export const INVENTORY_STATES = ['available', 'damaged', 'quality_control', 'safety_stock'] as const;
export type InventoryState = (typeof INVENTORY_STATES)[number];

/** Why a merchant adjusted a source item (`POST /adjustments`). */
export const ADJUSTMENT_REASONS = [
  'cycle_count',
  'damaged',
  'lost',
  'found',
  'correction',
  'quality_control',
  'safety_stock',
  'other',
] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

/**
 * Whether a number has at most 4 decimals. class-validator's own maxDecimalPlaces reads the digits
 * after a "." in the number's text and throws on one written with an exponent (9e-323), so a
 * hostile quantity would have been a 500 or a stalled consumer instead of a refusal.
 */
export function hasAtMost4Decimals(value: number): boolean {
  return Math.round(value * QTY_SCALE) / QTY_SCALE === value;
}

/**
 * Quantities carry at most 4 decimals (sold by weight), are never NaN or Infinity, and stay
 * within ±MAX_ABS_QUANTITY.
 */
export const isQuantity = (value: unknown): value is number =>
  typeof value === 'number' && Math.abs(value) <= MAX_ABS_QUANTITY && hasAtMost4Decimals(value);

/** The decorator of `isQuantity`. */
export function IsQuantity(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isQuantity',
      validator: {
        validate: isQuantity,
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a number with at most 4 decimal places, between -1e15 and 1e15`,
          options,
        ),
      },
    },
    options,
  );
}

/** A quantity asked for (an order line, a shipment, a hold): above 0, at most MAX_QTY. */
export function IsPositiveQuantity(): PropertyDecorator {
  return (target, key) => {
    IsQuantity()(target, key);
    Min(0.0001)(target, key);
    Max(MAX_QTY)(target, key);
  };
}

/**
 * The catalog's version of what an event says (beyond Magento's events): one sequence
 * for the whole catalog, taken while the changed rows are locked, so per source item, source,
 * stock or settings scope it rises with every change. A consumer keeps the highest it applied per
 * key and ignores an older event delivered again or re-driven from a dead-letter topic.
 */
export function IsCatalogVersion(): PropertyDecorator {
  return (target, key) => {
    IsOptional()(target, key);
    IsInt()(target, key);
    Min(1)(target, key);
    Max(Number.MAX_SAFE_INTEGER)(target, key);
  };
}

/** Rounds to the 4 decimals quantities carry, so sums of 0.1 + 0.2 stay 0.3. */
export function roundQty(value: number): number {
  return Math.round(value * QTY_SCALE) / QTY_SCALE;
}

export function sumQty(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += Math.round(value * QTY_SCALE);
  return total / QTY_SCALE;
}
