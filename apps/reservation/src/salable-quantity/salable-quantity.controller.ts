import { Controller, Get, HttpStatus, Param, ParseIntPipe } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SalableQuantityChanged } from '@inventory/contracts';
import { ApiError } from '@inventory/service-runtime';
import { DataSource } from 'typeorm';
import { findPosition } from '../stock-position/stock-position.repository';
import { DEFAULT_STOCK_ID, salableView } from './salable-view';

@ApiTags('salable-quantity')
@Controller('stocks/:stockId/skus/:sku')
export class SalableQuantityController {
  constructor(private readonly dataSource: DataSource) {}

  /** Salable quantity of a SKU in a stock; a SKU with no source items has 0. */
  @Get('salable')
  async salable(
    @Param('stockId', ParseIntPipe) stockId: number,
    @Param('sku') sku: string,
  ): Promise<SalableQuantityChanged> {
    if (stockId !== DEFAULT_STOCK_ID)
      throw new ApiError(HttpStatus.NOT_FOUND, 'stock_not_found', `Stock ${stockId} does not exist`);
    return salableView(await findPosition(this.dataSource.manager, sku), stockId);
  }
}
