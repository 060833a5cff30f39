import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { IsCode } from '@inventory/contracts';
import {
  SaveSourceItemsRequest,
  SourceItemView,
  TransferRequest,
  UnassignSourceItemsRequest,
} from './source-items.dto';
import { SourceItemsService } from './source-items.service';

class SourceItemsQuery {
  @IsCode() readonly sku!: string;
}

@ApiTags('source-items')
@Controller('source-items')
export class SourceItemsController {
  constructor(private readonly sourceItems: SourceItemsService) {}

  /** Bulk upsert of quantity and status per SKU and source; all or nothing. */
  @Post()
  @HttpCode(200)
  async save(@Body() request: SaveSourceItemsRequest): Promise<{ items: SourceItemView[] }> {
    return { items: await this.sourceItems.save(request.items) };
  }

  @Get()
  @ApiOkResponse({ description: '{items: [{sku, sourceCode, quantity, status, notifyStockQty}]}' })
  async list(@Query() query: SourceItemsQuery): Promise<{ items: SourceItemView[] }> {
    return { items: await this.sourceItems.findBySku(query.sku) };
  }

  /** Bulk unassign: removes SKUs from sources; all or nothing. */
  @Delete()
  @HttpCode(200)
  async unassign(@Body() request: UnassignSourceItemsRequest): Promise<{ unassigned: number }> {
    await this.sourceItems.unassign(request.items);
    return { unassigned: request.items.length };
  }

  /** Moves quantity of one SKU between two sources atomically. */
  @Post('transfer')
  @HttpCode(200)
  async transfer(@Body() request: TransferRequest): Promise<{ items: SourceItemView[] }> {
    return { items: await this.sourceItems.transfer(request) };
  }
}
