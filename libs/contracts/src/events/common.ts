// Decorated schemas read design-time types (class-transformer @Type): every event module imports
// this one, so the metadata polyfill is loaded before any of them.
import 'reflect-metadata';
import { IsNumber, Min } from 'class-validator';

/** Largest whole quantity we accept; keeps sums exact in IEEE doubles and in numeric(20,4). */
export const MAX_QTY = 1_000_000_000;

export const BACKORDERS = ['none', 'allow', 'allow_notify'] as const;
export type Backorders = (typeof BACKORDERS)[number];

export const SOURCE_ITEM_STATUSES = ['in_stock', 'out_of_stock'] as const;
export type SourceItemStatus = (typeof SOURCE_ITEM_STATUSES)[number];

/** Quantities carry at most 4 decimals (sold by weight) and are never NaN or Infinity. */
export function IsQuantity(): PropertyDecorator {
  return IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 4 });
}

export function IsPositiveQuantity(): PropertyDecorator {
  return (target, key) => {
    IsQuantity()(target, key);
    Min(0.0001)(target, key);
  };
}

const QTY_SCALE = 10_000;

/** Rounds to the 4 decimals quantities carry, so sums of 0.1 + 0.2 stay 0.3. */
export function roundQty(value: number): number {
  return Math.round(value * QTY_SCALE) / QTY_SCALE;
}

export function sumQty(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += Math.round(value * QTY_SCALE);
  return total / QTY_SCALE;
}
