import { Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsBoolean, ValidateIf, ValidateNested } from 'class-validator';
import { IsCode } from '../identifiers';
import { IsPositiveQuantity } from './common';

export class ShipmentLine {
  @IsCode() readonly sku!: string;
  @IsCode() readonly sourceCode!: string;
  @IsPositiveQuantity() readonly qty!: number;
}

/** fulfillment.v1, key orderId. */
export class ShipmentCreated {
  @IsCode() readonly shipmentId!: string;
  @IsCode() readonly orderId!: string;
  @IsArray()
  @ArrayNotEmpty()
  @ValidateNested({ each: true })
  @Type(() => ShipmentLine)
  readonly items!: readonly ShipmentLine[];
}

export class CreditMemoLine {
  @IsCode() readonly sku!: string;
  @IsPositiveQuantity() readonly qty!: number;
  @IsBoolean() readonly returnToStock!: boolean;
  /** Where returned units go back to; null when nothing returns to stock. */
  @ValidateIf((line: CreditMemoLine, value) => line.returnToStock || value !== null)
  @IsCode()
  readonly sourceCode!: string | null;
}

export class CreditMemoCreated {
  @IsCode() readonly creditMemoId!: string;
  @IsCode() readonly orderId!: string;
  @IsArray()
  @ArrayNotEmpty()
  @ValidateNested({ each: true })
  @Type(() => CreditMemoLine)
  readonly items!: readonly CreditMemoLine[];
}
