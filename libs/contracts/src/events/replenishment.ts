import { Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsISO8601, ValidateNested } from 'class-validator';
import { IsRecord } from '../nested';
import { IsCode } from '../identifiers';
import { IsPositiveQuantity } from './common';

/** Units of one SKU on a purchase order, or in one of its receipts. */
export class PurchaseOrderLine {
  @IsCode() readonly sku!: string;
  @IsPositiveQuantity() readonly qty!: number;
}

/**
 * replenishment.v1, key purchaseOrderId: a purchase order placed with a supplier; its lines are
 * incoming at `sourceCode` from now, expected at `expectedAt` (an ISO date).
 */
export class PurchaseOrderPlaced {
  @IsCode() readonly purchaseOrderId!: string;
  @IsCode() readonly supplierCode!: string;
  @IsCode() readonly sourceCode!: string;
  @IsISO8601({ strict: true }) readonly expectedAt!: string;
  @IsArray()
  @ArrayNotEmpty()
  @IsRecord({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PurchaseOrderLine)
  readonly lines!: readonly PurchaseOrderLine[];
}

/**
 * replenishment.v1, key purchaseOrderId: goods of a purchase order arrived at `sourceCode`. The
 * catalog raises the source items by these units once per `receiptId` of the order, however often
 * the event is delivered.
 */
export class GoodsReceived {
  @IsCode() readonly purchaseOrderId!: string;
  @IsCode() readonly receiptId!: string;
  @IsCode() readonly sourceCode!: string;
  @IsArray()
  @ArrayNotEmpty()
  @IsRecord({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PurchaseOrderLine)
  readonly lines!: readonly PurchaseOrderLine[];
}

/**
 * replenishment.v1, key purchaseOrderId: the order is canceled; nothing more of it is incoming
 * (`lines`: what had not arrived, empty when everything had).
 */
export class PurchaseOrderCanceled {
  @IsCode() readonly purchaseOrderId!: string;
  @IsCode() readonly sourceCode!: string;
  @IsArray()
  @IsRecord({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PurchaseOrderLine)
  readonly lines!: readonly PurchaseOrderLine[];
}
