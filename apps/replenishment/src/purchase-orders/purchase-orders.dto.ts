import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCode, IsQuantity, MAX_QTY } from '@inventory/contracts';
import { PageQuery } from '@inventory/service-runtime';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { PurchaseOrderStatus } from './purchase-order';

export const PURCHASE_ORDER_STATUSES: readonly PurchaseOrderStatus[] = [
  'open',
  'partially_received',
  'received',
  'canceled',
];

export class PurchaseOrderLineInput {
  @ApiProperty({ example: 'HDB-001' }) @IsCode() readonly sku!: string;
  @ApiProperty({ example: 100 }) @IsQuantity() @Min(0.0001) @Max(MAX_QTY) readonly qty!: number;
}

export class PlacePurchaseOrderRequest {
  @ApiProperty({
    example: 'po-2026-12-05-1',
    description: 'Sent again with the same terms, it is placed once',
  })
  @IsCode()
  readonly purchaseOrderId!: string;
  @ApiProperty({ example: 'acme' }) @IsCode() readonly supplierCode!: string;
  @ApiProperty({ example: 'default', description: 'Where the goods arrive' })
  @IsCode()
  readonly sourceCode!: string;
  @ApiProperty({ example: '2026-12-20', description: 'When the goods should arrive: a date, YYYY-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'expectedAt must be a date, YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  readonly expectedAt!: string;
  @ApiProperty({ type: [PurchaseOrderLineInput] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(1_000)
  @ValidateNested({ each: true })
  @Type(() => PurchaseOrderLineInput)
  readonly lines!: PurchaseOrderLineInput[];
}

export class ReceiveGoodsRequest {
  @ApiProperty({
    example: 'rcv-2026-12-19-1',
    description: 'Sent again with the same lines, it is received once',
  })
  @IsCode()
  readonly receiptId!: string;
  @ApiProperty({ type: [PurchaseOrderLineInput] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(1_000)
  @ValidateNested({ each: true })
  @Type(() => PurchaseOrderLineInput)
  readonly lines!: PurchaseOrderLineInput[];
  @ApiPropertyOptional({ description: 'Accept more than is outstanding on a line (an over-delivery)' })
  @IsOptional()
  @IsBoolean()
  readonly allowOverReceipt?: boolean;
}

export class PurchaseOrdersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PURCHASE_ORDER_STATUSES })
  @IsOptional()
  @IsIn(PURCHASE_ORDER_STATUSES)
  readonly status?: PurchaseOrderStatus;
  @ApiPropertyOptional({ example: 'HDB-001' }) @IsOptional() @IsCode() readonly sku?: string;
}

export class PurchaseOrderLineView {
  @ApiProperty({ example: 'HDB-001' }) readonly sku!: string;
  @ApiProperty({ example: 100 }) readonly qty!: number;
  @ApiProperty({ example: 60 }) readonly received!: number;
}

export class PurchaseOrderView {
  @ApiProperty({ example: 'po-2026-12-05-1' }) readonly purchaseOrderId!: string;
  @ApiProperty({ enum: PURCHASE_ORDER_STATUSES }) readonly status!: PurchaseOrderStatus;
  @ApiProperty({ example: 'acme' }) readonly supplierCode!: string;
  @ApiProperty({ example: 'default' }) readonly sourceCode!: string;
  @ApiProperty({ example: '2026-12-20' }) readonly expectedAt!: string;
  @ApiProperty({ type: [PurchaseOrderLineView] }) readonly lines!: readonly PurchaseOrderLineView[];
  @ApiProperty({ description: 'This request changed nothing: it was applied before (a retry)' })
  readonly alreadyApplied?: boolean;
}

export class PurchaseOrderList {
  @ApiProperty({ type: [PurchaseOrderView] }) readonly items!: readonly PurchaseOrderView[];
  @ApiProperty({ example: 1 }) readonly total!: number;
}
