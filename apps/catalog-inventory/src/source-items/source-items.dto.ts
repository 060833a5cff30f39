import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCode, IsQuantity, MAX_QTY, SOURCE_ITEM_STATUSES, SourceItemStatus } from '@inventory/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsOptional,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

export class SourceItemInput {
  @ApiProperty({ example: 'HDB-001' }) @IsCode() readonly sku!: string;
  @ApiProperty({ example: 'default' }) @IsCode() readonly sourceCode!: string;
  @ApiProperty({ example: 150 }) @IsQuantity() @Min(0) @Max(MAX_QTY) readonly quantity!: number;
  @ApiProperty({ enum: SOURCE_ITEM_STATUSES }) @IsIn(SOURCE_ITEM_STATUSES) readonly status!: SourceItemStatus;
  @ApiPropertyOptional({
    nullable: true,
    description: 'Notify for Quantity Below at this source; null = product/global setting',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsQuantity()
  readonly notifyStockQty?: number | null;
  @ApiPropertyOptional({ description: 'Damaged units (absolute); left out: what is stored stays' })
  @IsOptional()
  @IsQuantity()
  @Min(0)
  @Max(MAX_QTY)
  readonly damaged?: number;
  @ApiPropertyOptional({ description: 'Units in quality control (absolute); left out: what is stored stays' })
  @IsOptional()
  @IsQuantity()
  @Min(0)
  @Max(MAX_QTY)
  readonly qualityControl?: number;
  @ApiPropertyOptional({ description: 'Safety stock kept back (absolute); left out: what is stored stays' })
  @IsOptional()
  @IsQuantity()
  @Min(0)
  @Max(MAX_QTY)
  readonly safetyStock?: number;
}

export class SaveSourceItemsRequest {
  @ApiProperty({ type: [SourceItemInput] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => SourceItemInput)
  readonly items!: SourceItemInput[];
}

/** A source item as stored (the response of the source-item routes). */
export class SourceItemView {
  @ApiProperty({ example: 'HDB-001' }) readonly sku!: string;
  @ApiProperty({ example: 'default' }) readonly sourceCode!: string;
  @ApiProperty({ example: 150 }) readonly quantity!: number;
  @ApiProperty({ enum: SOURCE_ITEM_STATUSES }) readonly status!: SourceItemStatus;
  @ApiProperty({ type: Number, nullable: true }) readonly notifyStockQty!: number | null;
  @ApiProperty({ example: 0, description: 'Damaged units: on hand, never sold' })
  readonly damaged!: number;
  @ApiProperty({ example: 0, description: 'Units in quality control: on hand, never sold' })
  readonly qualityControl!: number;
  @ApiProperty({ example: 0, description: 'Safety stock kept back: on hand, never sold' })
  readonly safetyStock!: number;
}

export class SourceItemList {
  @ApiProperty({ type: [SourceItemView] }) readonly items!: SourceItemView[];
}

export class SourceItemKey {
  @ApiProperty({ example: 'HDB-001' }) @IsCode() readonly sku!: string;
  @ApiProperty({ example: 'default' }) @IsCode() readonly sourceCode!: string;
}

export class UnassignSourceItemsRequest {
  @ApiProperty({ type: [SourceItemKey] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => SourceItemKey)
  readonly items!: SourceItemKey[];
}

/** Moves quantity of one SKU from one source to another, both or neither. */
export class TransferRequest {
  @ApiProperty({ example: 'HDB-001' }) @IsCode() readonly sku!: string;
  @ApiProperty({ example: 'default' }) @IsCode() readonly fromSourceCode!: string;
  @ApiProperty({ example: 'warehouse-east' }) @IsCode() readonly toSourceCode!: string;
  @ApiProperty({ example: 10 }) @IsQuantity() @Min(0.0001) @Max(MAX_QTY) readonly qty!: number;
}
