import { IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Nullable } from '../nullable';
import { IsCode, IsIntegerId } from '../identifiers';
import { BACKORDERS, Backorders, IsQuantity } from './common';

/** inventory.salable.v1, key SKU. `salableQty` null means unlimited. */
export class SalableQuantityChanged {
  @IsIntegerId(1) readonly stockId!: number;
  @IsCode() readonly sku!: string;
  @Nullable() @IsQuantity() readonly salableQty!: number | null;
  @IsBoolean() readonly isSalable!: boolean;
  @Nullable() @IsQuantity() readonly onlyXLeft!: number | null;
  @IsIn(BACKORDERS) readonly backorders!: Backorders;
  /**
   * Rises with every batch of changes the reservation service publishes, whichever instance
   * publishes it (beyond a plain quantity change): a consumer keeps, per stock and SKU, the
   * change with the highest sequence, instead of trusting the publisher's clock (`occurredAt`).
   */
  @IsOptional() @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) readonly sequence?: number;
}
