import { Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsISO8601, IsNotEmpty, IsOptional, ValidateNested } from 'class-validator';
import { Nullable } from '../nullable';
import { IsRecord } from '../nested';
import { IsCode, IsIntegerId } from '../identifiers';
import { IsText } from '../text';
import { IsPositiveQuantity } from './common';
import { KitComponent } from './catalog';
import { OrderLine } from './orders';

/** A kit an order named, and the components one kit took when the order was reserved. */
export class ReservedKit {
  @IsCode() readonly sku!: string;
  @IsArray()
  @ArrayNotEmpty()
  @IsRecord({ each: true })
  @ValidateNested({ each: true })
  @Type(() => KitComponent)
  readonly components!: readonly KitComponent[];
}

/** Units of a line reserved beyond what the stock has, and when they are expected to ship. */
export class BackorderedLine {
  @IsCode() readonly sku!: string;
  @IsPositiveQuantity() readonly qty!: number;
  /** ISO date: when incoming units (or the backorder lead time) cover them; null: unknown. */
  @Nullable() @IsISO8601({ strict: true }) readonly expectedShipDate!: string | null;
}

/**
 * inventory.reservations.v1, key orderId: every line of the order is reserved. `items` as ordered;
 * `kits` (absent when no line is a kit) says what each kit line reserved instead of itself: its
 * components, the units fulfillment ships for it and a cancel of it gives back.
 */
export class OrderReservationPlaced {
  @IsCode() readonly orderId!: string;
  @IsIntegerId(1) readonly stockId!: number;
  @IsArray()
  @ArrayNotEmpty()
  @IsRecord({ each: true })
  @ValidateNested({ each: true })
  @Type(() => OrderLine)
  readonly items!: readonly OrderLine[];
  @IsOptional()
  @IsArray()
  @IsRecord({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ReservedKit)
  readonly kits?: readonly ReservedKit[];
  /** The SKUs reserved on backorder (absent when none is): for the order confirmation. */
  @IsOptional()
  @IsArray()
  @IsRecord({ each: true })
  @ValidateNested({ each: true })
  @Type(() => BackorderedLine)
  readonly backorders?: readonly BackorderedLine[];
}

export class RejectedLine {
  @IsCode() readonly sku!: string;
  @IsPositiveQuantity() readonly qty!: number;
  /** Machine code, e.g. `not_enough_qty`; `message` is for people. */
  @IsText(200) @IsNotEmpty() readonly code!: string;
  @IsText(1000) readonly message!: string;
}

/** Nothing of the order was reserved; each line says why (or that it was fine on its own). */
export class OrderReservationRejected {
  @IsCode() readonly orderId!: string;
  @IsArray()
  @ArrayNotEmpty()
  @IsRecord({ each: true })
  @ValidateNested({ each: true })
  @Type(() => RejectedLine)
  readonly lines!: readonly RejectedLine[];
}

export class ReservationCompensated {
  @IsCode() readonly orderId!: string;
  @IsCode() readonly sku!: string;
  @IsPositiveQuantity() readonly qty!: number;
  @IsText(200) @IsNotEmpty() readonly reason!: string;
}
