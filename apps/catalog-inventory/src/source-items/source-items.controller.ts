import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IsCode } from '@inventory/contracts';
import { SaveSourceItemsRequest, SourceItemView } from './source-items.dto';
import { SourceItemsService } from './source-items.service';

class SourceItemsQuery {
  @IsCode() readonly sku!: string;
}

@ApiTags('source-items')
@Controller('source-items')
export class SourceItemsController {
  constructor(private readonly sourceItems: SourceItemsService) {}

  /** Bulk upsert of quantity and status per SKU and source. */
  @Post()
  @HttpCode(200)
  async save(@Body() request: SaveSourceItemsRequest): Promise<{ saved: number }> {
    await this.sourceItems.save(request.items);
    return { saved: request.items.length };
  }

  @Get()
  @ApiQuery({ name: 'sku', required: true })
  @ApiOkResponse({ description: '{items: [{sku, sourceCode, quantity, status, notifyStockQty}]}' })
  async list(@Query() query: SourceItemsQuery): Promise<{ items: SourceItemView[] }> {
    return { items: await this.sourceItems.findBySku(query.sku) };
  }
}
