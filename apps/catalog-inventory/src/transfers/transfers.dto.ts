import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCode, IsQuantity, MAX_QTY } from '@inventory/contracts';
import { PageQuery } from '@inventory/service-runtime';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { TRANSFER_STATUSES, TransferStatus } from './decide-transfer';

export class TransferItemInput {
  @ApiProperty({ example: 'HDB-001' }) @IsCode() readonly sku!: string;
  @ApiProperty({ example: 20 }) @IsQuantity() @Min(0.0001) @Max(MAX_QTY) readonly qty!: number;
}

/** Units leaving one source for another, in transit until received. */
export class ShipTransferRequest {
  @ApiProperty({ example: 'tr-2026-12-05-1', description: 'Sent again, it is applied once' })
  @IsCode()
  readonly transferId!: string;
  @ApiProperty({ example: 'default' }) @IsCode() readonly fromSourceCode!: string;
  @ApiProperty({ example: 'warehouse-east' }) @IsCode() readonly toSourceCode!: string;
  @ApiProperty({ type: [TransferItemInput] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(1_000)
  @ValidateNested({ each: true })
  @Type(() => TransferItemInput)
  readonly items!: TransferItemInput[];
  @ApiPropertyOptional({ example: '2026-12-12T00:00:00.000Z', description: 'When it should arrive' })
  @IsOptional()
  @IsISO8601({ strict: true })
  readonly expectedAt?: string;
}

export class ReceiptItemInput {
  @ApiProperty({ example: 'HDB-001' }) @IsCode() readonly sku!: string;
  @ApiProperty({ example: 12, description: 'Units arrived in good condition: into available' })
  @IsQuantity()
  @Min(0)
  @Max(MAX_QTY)
  readonly qty!: number;
  @ApiPropertyOptional({ example: 1, description: 'Units arrived damaged: into the damaged state' })
  @IsOptional()
  @IsQuantity()
  @Min(0)
  @Max(MAX_QTY)
  readonly damaged?: number;
}

export class ReceiveTransferRequest {
  @ApiProperty({ example: 'rcv-2026-12-08-1', description: 'Sent again, it is applied once' })
  @IsCode()
  readonly receiptId!: string;
  @ApiProperty({ type: [ReceiptItemInput] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(1_000)
  @ValidateNested({ each: true })
  @Type(() => ReceiptItemInput)
  readonly items!: ReceiptItemInput[];
}

export class TransfersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: TRANSFER_STATUSES })
  @IsOptional()
  @IsIn(TRANSFER_STATUSES)
  readonly status?: TransferStatus;
  @ApiPropertyOptional({ example: 'HDB-001' }) @IsOptional() @IsCode() readonly sku?: string;
}

export class TransferItemView {
  @ApiProperty() readonly sku!: string;
  @ApiProperty({ description: 'Units shipped' }) readonly qty!: number;
  @ApiProperty({ description: 'Units arrived, damaged ones included' }) readonly received!: number;
  @ApiProperty({ description: 'Of those, arrived damaged' }) readonly damaged!: number;
  @ApiProperty({ description: 'Units back at the origin after a cancel' }) readonly returned!: number;
  @ApiProperty({ description: 'Units still on the way' }) readonly inTransit!: number;
}

export class TransferView {
  @ApiProperty() readonly transferId!: string;
  @ApiProperty({ enum: TRANSFER_STATUSES }) readonly status!: TransferStatus;
  @ApiProperty() readonly fromSourceCode!: string;
  @ApiProperty() readonly toSourceCode!: string;
  @ApiProperty({ type: String, nullable: true }) readonly expectedAt!: string | null;
  @ApiPropertyOptional() readonly createdAt?: string;
  @ApiProperty({ type: [TransferItemView] }) readonly items!: TransferItemView[];
  @ApiPropertyOptional({ description: 'Applied before under this id: nothing was applied now' })
  readonly alreadyApplied?: boolean;
}

export class TransferList {
  @ApiProperty({ type: [TransferView] }) readonly items!: TransferView[];
  @ApiProperty() readonly total!: number;
}
