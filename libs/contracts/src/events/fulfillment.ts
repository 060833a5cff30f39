import { Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsBoolean, IsOptional, ValidateIf, ValidateNested } from 'class-validator';
import { IsRecord } from '../nested';
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
  @IsRecord({ each: true })
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
  /**
   * Whether the refunded units had shipped (beyond Magento's credit memo line). Units refunded before
   * they shipped are no longer to ship and their reservation goes back; a refund of shipped units
   * gives nothing back but what returns to stock. Absent in events of older producers: consumers
   * then split the refund themselves, shipped units first.
   */
  @IsOptional() @IsBoolean() readonly shipped?: boolean;
}

export class CreditMemoCreated {
  @IsCode() readonly creditMemoId!: string;
  @IsCode() readonly orderId!: string;
  @IsArray()
  @ArrayNotEmpty()
  @IsRecord({ each: true })
  @ValidateNested({ each: true })
  @Type(() => CreditMemoLine)
  readonly items!: readonly CreditMemoLine[];
}
