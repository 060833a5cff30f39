import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Put, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiHeader,
  ApiPreconditionFailedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Response } from 'express';
import { Access } from '@inventory/service-runtime';
import { SaveStockRequest, StockIdParam, StockList, StockView } from './stock.dto';
import { StocksService } from './stocks.service';

@ApiTags('stocks')
@Access('admin')
@Controller('stocks')
export class StocksController {
  constructor(private readonly stocks: StocksService) {}

  /**
   * Creates (201) or replaces (200) a stock; 409 when a channel belongs to another stock. With
   * `If-None-Match: *` it only creates: a stock of that id already there is a 412, nothing changed
   * (a form for a new stock must never replace one, say the Default Stock, by picking a taken id).
   */
  @Put(':id')
  @ApiHeader({ name: 'If-None-Match', required: false, description: '`*`: create only, never replace' })
  @ApiPreconditionFailedResponse({ description: 'If-None-Match: * and the stock exists (code stock_exists)' })
  @ApiCreatedResponse({ type: StockView, description: 'Created' })
  @ApiOkResponse({ type: StockView, description: 'Replaced' })
  @ApiConflictResponse({
    description: 'A sales channel belongs to another stock, or the Default Stock would lose its last channel',
  })
  async save(
    @Param() { id }: StockIdParam,
    @Body() request: SaveStockRequest,
    @Res({ passthrough: true }) response: Response,
    @Headers('if-none-match') ifNoneMatch?: string,
  ): Promise<StockView> {
    const { stock, created } = await this.stocks.save(id, request, {
      onlyCreate: ifNoneMatch?.trim() === '*',
    });
    response.status(created ? 201 : 200);
    return stock;
  }

  /** Deletes a stock without sales channels; 409 for the Default Stock or one still selling. */
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ description: 'No such stock' })
  @ApiConflictResponse({ description: 'The Default Stock, or a stock that still has sales channels' })
  delete(@Param() { id }: StockIdParam): Promise<void> {
    return this.stocks.delete(id);
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
