import { Body, Controller, Get, Param, Put, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { SaveStockRequest, StockIdParam, StockList, StockView } from './stock.dto';
import { StocksService } from './stocks.service';

@ApiTags('stocks')
@Controller('stocks')
export class StocksController {
  constructor(private readonly stocks: StocksService) {}

  /** Creates (201) or replaces (200) a stock; 409 when a channel belongs to another stock. */
  @Put(':id')
  @ApiCreatedResponse({ type: StockView, description: 'Created' })
  @ApiOkResponse({ type: StockView, description: 'Replaced' })
  @ApiConflictResponse({
    description: 'A sales channel belongs to another stock, or the Default Stock would lose its last channel',
  })
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
  @ApiOkResponse({ type: StockView })
  get(@Param() { id }: StockIdParam): Promise<StockView> {
    return this.stocks.get(id);
  }

  @Get()
  @ApiOkResponse({ type: StockList })
  list(): Promise<StockList> {
    return this.stocks.list();
  }
}
