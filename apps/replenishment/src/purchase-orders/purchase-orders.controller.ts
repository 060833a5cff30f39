import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { IsCode } from '@inventory/contracts';
import { Access, withReplayStatus } from '@inventory/service-runtime';
import { Response } from 'express';
import {
  PlacePurchaseOrderRequest,
  PurchaseOrderList,
  PurchaseOrderView,
  PurchaseOrdersQuery,
  ReceiveGoodsRequest,
} from './purchase-orders.dto';
import { PurchaseOrdersService } from './purchase-orders.service';

class PurchaseOrderParam {
  @IsCode() readonly id!: string;
}

@ApiTags('purchase-orders')
@Access('admin')
@Controller('purchase-orders')
export class PurchaseOrdersController {
  constructor(private readonly orders: PurchaseOrdersService) {}

  /** Places a purchase order with a supplier: its lines are incoming at the source from now. */
  @Post()
  @ApiCreatedResponse({ type: PurchaseOrderView, description: 'Placed, status open' })
  @ApiOkResponse({ type: PurchaseOrderView, description: 'Placed before under this id with the same terms' })
  @ApiBadRequestResponse({
    description: 'invalid_purchase_order: unknown supplier or source, fractions of a whole-unit SKU',
  })
  @ApiConflictResponse({ description: 'purchase_order_exists: another order under this id' })
  async place(
    @Body() request: PlacePurchaseOrderRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PurchaseOrderView> {
    return withReplayStatus(response, await this.orders.place(request));
  }

  @Get()
  @ApiOkResponse({ type: PurchaseOrderList, description: 'Newest first' })
  list(@Query() query: PurchaseOrdersQuery): Promise<PurchaseOrderList> {
    return this.orders.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: PurchaseOrderView })
  @ApiNotFoundResponse({ description: 'purchase_order_not_found' })
  get(@Param() { id }: PurchaseOrderParam): Promise<PurchaseOrderView> {
    return this.orders.get(id);
  }

  /** Goods arrived: the catalog raises the source's quantities by them (GoodsReceived), once per receiptId. */
  @Post(':id/receipts')
  @ApiCreatedResponse({ type: PurchaseOrderView, description: 'partially_received or received' })
  @ApiOkResponse({ type: PurchaseOrderView, description: 'Received before under this receiptId' })
  @ApiBadRequestResponse({ description: 'line_not_on_order' })
  @ApiConflictResponse({ description: 'over_receipt, purchase_order_canceled, receipt_id_reused' })
  @ApiNotFoundResponse({ description: 'purchase_order_not_found' })
  async receive(
    @Param() { id }: PurchaseOrderParam,
    @Body() request: ReceiveGoodsRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PurchaseOrderView> {
    return withReplayStatus(response, await this.orders.receive(id, request));
  }

  /** Nothing more of it is incoming; what arrived stays. */
  @Post(':id/cancel')
  @ApiCreatedResponse({ type: PurchaseOrderView, description: 'Canceled' })
  @ApiOkResponse({ type: PurchaseOrderView, description: 'Canceled before' })
  @ApiConflictResponse({ description: 'purchase_order_received' })
  @ApiNotFoundResponse({ description: 'purchase_order_not_found' })
  async cancel(
    @Param() { id }: PurchaseOrderParam,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PurchaseOrderView> {
    return withReplayStatus(response, await this.orders.cancel(id));
  }
}
