import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ADJUSTMENT_REASONS,
  AdjustmentReason,
  INVENTORY_STATES,
  InventoryState,
  IsCode,
  IsQuantity,
  IsText,
  MAX_QTY,
} from '@inventory/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsOptional,
  Max,
  Min,
  NotEquals,
  ValidateNested,
} from 'class-validator';
import { SourceItemView } from '../source-items/source-items.dto';

export class AdjustmentChangeInput {
  @ApiProperty({ example: 'HDB-001' }) @IsCode() readonly sku!: string;
  @ApiProperty({ example: 'default' }) @IsCode() readonly sourceCode!: string;
  @ApiProperty({ enum: INVENTORY_STATES, description: 'available is the sellable quantity' })
  @IsIn(INVENTORY_STATES)
  readonly state!: InventoryState;
  @ApiProperty({ example: -2, description: 'Units into the state (negative: out of it)' })
  @IsQuantity()
  @NotEquals(0)
  @Min(-MAX_QTY)
  @Max(MAX_QTY)
  readonly delta!: number;
  @ApiPropertyOptional({
    example: 10,
    description: 'The quantity of the state the merchant saw: any other quantity now refuses (409)',
  })
  @IsOptional()
  @IsQuantity()
  @Min(0)
  readonly compareQuantity?: number;
}

/** Changes of inventory states, applied all together or not at all. */
export class AdjustmentRequest {
  @ApiProperty({ example: 'count-2026-12-05-aisle-4', description: 'Sent again, it is applied once' })
  @IsCode()
  readonly adjustmentId!: string;
  @ApiProperty({ enum: ADJUSTMENT_REASONS }) @IsIn(ADJUSTMENT_REASONS) readonly reason!: AdjustmentReason;
  @ApiPropertyOptional({ example: 'RMA-4471', description: 'The document behind it (a count sheet, an RMA)' })
  @IsOptional()
  @IsText(255)
  readonly referenceDocument?: string;
  @ApiPropertyOptional({ example: 'Dropped pallet' }) @IsOptional() @IsText(2000) readonly note?: string;
  @ApiProperty({ type: [AdjustmentChangeInput] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(1_000)
  @ValidateNested({ each: true })
  @Type(() => AdjustmentChangeInput)
  readonly changes!: AdjustmentChangeInput[];
}

export class AdjustmentAnswer {
  @ApiProperty() readonly adjustmentId!: string;
  @ApiProperty({ type: [SourceItemView], description: 'The source items the adjustment changed, after it' })
  readonly items!: SourceItemView[];
  @ApiPropertyOptional({ description: 'Applied before under this adjustmentId: nothing was applied now' })
  readonly alreadyApplied?: boolean;
}
