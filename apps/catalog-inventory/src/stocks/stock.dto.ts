import { ApiProperty } from '@nestjs/swagger';
import { IsCode, IsIntegerId, IsText, StockSourceLink } from '@inventory/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNotEmpty, ValidateNested } from 'class-validator';

export const DEFAULT_STOCK_ID = 1;

export class StockIdParam {
  @Type(() => Number) @IsIntegerId(1) readonly id!: number;
}

/** PUT /stocks/:id creates or replaces a stock: its name, ordered source links and sales channels. */
export class SaveStockRequest {
  @ApiProperty({ example: 'US Stock' }) @IsText(255) @IsNotEmpty() readonly name!: string;
  @ApiProperty({
    type: [StockSourceLink],
    description: 'Lower priority numbers are tried first by source selection',
  })
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => StockSourceLink)
  readonly sourceLinks!: StockSourceLink[];
  @ApiProperty({ type: [String], example: ['base'] })
  @IsArray()
  @ArrayMaxSize(1000)
  @IsCode({ each: true })
  readonly salesChannels!: string[];
}

/** A stock with its source links (by priority) and sales channels (the response of the stock routes). */
export class StockView {
  @ApiProperty({ example: 2 }) readonly stockId!: number;
  @ApiProperty({ example: 'US Stock' }) readonly name!: string;
  @ApiProperty({ type: [StockSourceLink] }) readonly sourceLinks!: { sourceCode: string; priority: number }[];
  @ApiProperty({ type: [String], example: ['us-web'] }) readonly salesChannels!: string[];
}

export class StockList {
  @ApiProperty({ type: [StockView] }) readonly items!: StockView[];
}
