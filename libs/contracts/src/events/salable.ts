import { IsBoolean, IsIn, ValidateIf } from 'class-validator';
import { IsCode, IsIntegerId } from '../identifiers';
import { BACKORDERS, Backorders, IsQuantity } from './common';

/** inventory.salable.v1, key SKU. `salableQty` null means unlimited. */
export class SalableQuantityChanged {
  @IsIntegerId(1) readonly stockId!: number;
  @IsCode() readonly sku!: string;
  @ValidateIf((_, value) => value !== null) @IsQuantity() readonly salableQty!: number | null;
  @IsBoolean() readonly isSalable!: boolean;
  @ValidateIf((_, value) => value !== null) @IsQuantity() readonly onlyXLeft!: number | null;
  @IsIn(BACKORDERS) readonly backorders!: Backorders;
}
