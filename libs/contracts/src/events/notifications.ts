import { ArrayNotEmpty, IsArray } from 'class-validator';
import { IsEmailAddress } from '../text';
import { IsCode } from '../identifiers';
import { IsQuantity } from './common';

/** notifications.v1, key SKU: a source item crossed below its notify quantity. */
export class LowStockDetected {
  @IsCode() readonly sku!: string;
  @IsCode() readonly sourceCode!: string;
  @IsQuantity() readonly quantity!: number;
  @IsQuantity() readonly notifyStockQty!: number;
}

export class BackInStockNotified {
  @IsCode() readonly sku!: string;
  @IsCode() readonly salesChannel!: string;
  @IsArray() @ArrayNotEmpty() @IsEmailAddress({ each: true }) readonly recipients!: readonly string[];
}
