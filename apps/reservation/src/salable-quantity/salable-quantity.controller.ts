import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsCode, IsIntegerId } from '@inventory/contracts';
import { Access, LimitQuery } from '@inventory/service-runtime';
import { Type } from 'class-transformer';
import { IsISO8601, IsInt, IsOptional, Max, Min } from 'class-validator';
import { SalableQuantityService } from './salable-quantity.service';

class StockSkuParam {
  @Type(() => Number) @IsIntegerId(1) readonly stockId!: number;
  @IsCode() readonly sku!: string;
}

class AtQuery {
  @ApiPropertyOptional({
    description: 'ISO time: the salable quantity as it was then',
    example: '2026-11-23T10:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  readonly at?: string;
}

class EventsQuery extends LimitQuery {
  @ApiPropertyOptional({ description: 'First stream revision', default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER) // a revision is a bigint; 1e21 is an integer to JavaScript, not to PostgreSQL
  readonly from?: number;
}

@ApiTags('salable-quantity')
@Controller('stocks/:stockId/skus/:sku')
export class SalableQuantityController {
  constructor(private readonly salable: SalableQuantityService) {}

  /** {stockId, sku, salableQty (null = unlimited), isSalable, onlyXLeft, backorders}; `?at=` time travel. */
  @Access('admin', 'order-system', 'storefront')
  @Get('salable')
  @ApiOkResponse({ description: 'The salable view of the SKU in the stock' })
  @ApiNotFoundResponse({ description: 'No such stock' })
  salableQuantity(@Param() { stockId, sku }: StockSkuParam, @Query() { at }: AtQuery) {
    return at ? this.salable.at(stockId, sku, new Date(at)) : this.salable.now(stockId, sku);
  }

  /** The SKU's event stream (inputs, reservations, compensations), for audit. */
  @Access('admin', 'ops')
  @Get('events')
  events(@Param() { sku }: StockSkuParam, @Query() { from, limit }: EventsQuery) {
    return this.salable.events(sku, from, limit);
  }
}
