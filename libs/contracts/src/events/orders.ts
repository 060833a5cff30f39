import { Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsISO8601, IsOptional, ValidateNested } from 'class-validator';
import { IsRecord } from '../nested';
import { IsCode } from '../identifiers';
import { IsPositiveQuantity } from './common';

export class OrderLine {
  @IsCode() readonly sku!: string;
  @IsPositiveQuantity() readonly qty!: number;
}

/** orders.v1, key orderId: written by upstream order systems. */
export class OrderPlaced {
  @IsCode() readonly orderId!: string;
  @IsCode() readonly salesChannel!: string;
  @IsArray()
  @ArrayNotEmpty()
  @IsRecord({ each: true })
  @ValidateNested({ each: true })
  @Type(() => OrderLine)
  readonly items!: readonly OrderLine[];
  @IsISO8601({ strict: true }) readonly placedAt!: string;
  /** The cart hold (POST /holds) this order converts; an addition to the original v1 shape. */
  @IsOptional() @IsCode() readonly holdId?: string;
}

/** Without `items` the whole order is canceled. */
export class OrderCanceled {
  @IsCode() readonly orderId!: string;
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @IsRecord({ each: true })
  @ValidateNested({ each: true })
  @Type(() => OrderLine)
  readonly items?: readonly OrderLine[];
}
