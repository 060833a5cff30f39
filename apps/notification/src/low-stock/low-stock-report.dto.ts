import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCode, IsCodePrefix } from '@inventory/contracts';
import { PageQuery } from '@inventory/service-runtime';
import { IsIn, IsOptional } from 'class-validator';

export const LOW_STOCK_SORTS = ['quantity', '-quantity', 'sku'] as const;
export type LowStockSort = (typeof LOW_STOCK_SORTS)[number];

export class LowStockQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'warehouse-east' })
  @IsOptional()
  @IsCode()
  readonly sourceCode?: string;
  @ApiPropertyOptional({ example: 'HDB-', description: 'Only SKUs that start with this' })
  @IsOptional()
  @IsCodePrefix()
  readonly skuPrefix?: string;
  @ApiPropertyOptional({ enum: LOW_STOCK_SORTS, default: 'quantity' })
  @IsOptional()
  @IsIn(LOW_STOCK_SORTS)
  readonly sort?: LowStockSort;
}

export class LowStockItem {
  @ApiProperty({ example: 'HDB-001' }) readonly sku!: string;
  @ApiProperty({ example: 'default' }) readonly sourceCode!: string;
  @ApiProperty({ example: 9 }) readonly quantity!: number;
  @ApiProperty({ example: 10, description: 'The effective Notify for Quantity Below' })
  readonly notifyStockQty!: number;
  @ApiProperty({ enum: ['in_stock', 'out_of_stock'] }) readonly status!: string;
}

export class LowStockReport {
  @ApiProperty({ type: [LowStockItem] }) readonly items!: LowStockItem[];
  @ApiProperty({ description: 'All low items matching the filters' }) readonly total!: number;
}

export class DigestResult {
  @ApiProperty({ type: String, nullable: true, description: 'The queued email; null when nothing crossed' })
  readonly emailId!: string | null;
  @ApiProperty() readonly crossings!: number;
  @ApiProperty({ type: [String] }) readonly recipients!: string[];
}
