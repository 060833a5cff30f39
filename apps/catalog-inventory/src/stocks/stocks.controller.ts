import { Body, Controller, Get, Param, Put, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { SaveStockRequest, StockIdParam, StockView } from './stock.dto';
import { StocksService } from './stocks.service';

@ApiTags('stocks')
@Controller('stocks')
export class StocksController {
  constructor(private readonly stocks: StocksService) {}

  /** Creates (201) or replaces (200) a stock; 409 when a channel belongs to another stock. */
  @Put(':id')
  async save(
    @Param() { id }: StockIdParam,
    @Body() request: SaveStockRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StockView> {
    const { stock, created } = await this.stocks.save(id, request);
    response.status(created ? 201 : 200);
    return stock;
  }

  @Get(':id')
  get(@Param() { id }: StockIdParam): Promise<StockView> {
    return this.stocks.get(id);
  }

  @Get()
  list(): Promise<{ items: StockView[] }> {
    return this.stocks.list();
  }
}
