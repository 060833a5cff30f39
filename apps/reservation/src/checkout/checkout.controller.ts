import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller } from '@inventory/access-control';
import { IsCode } from '@inventory/contracts';
import { Access, CallerOf, assertMayActFor } from '@inventory/service-runtime';
import { CheckoutService } from './checkout.service';
import { RequestedLines } from './requested-lines.dto';

class ChannelParam {
  @IsCode() readonly code!: string;
}

class ChannelSkuParam extends ChannelParam {
  @IsCode() readonly sku!: string;
}

const SCOPED = { description: 'sales_channel_forbidden: the key is scoped to other channels' };

@ApiTags('checkout')
@Controller('sales-channels/:code')
export class CheckoutController {
  constructor(private readonly checkout: CheckoutService) {}

  /**
   * May these quantities be sold on this channel now? Per line: isSalable, backorderQty, the
   * backorder notice (allow_notify) and errors with Magento's codes (min/max sale qty, increments,
   * decimal qty, not enough qty, SKU not assigned to the stock).
   */
  @Access('admin', 'order-system')
  @Post('is-salable')
  @HttpCode(200)
  @ApiOkResponse({
    description:
      '{salesChannel, stockId, items:[{sku, qty, isSalable, backorderQty, notice, errors:[{code, message}]}]}',
  })
  @ApiNotFoundResponse({ description: 'The sales channel belongs to no stock' })
  @ApiForbiddenResponse(SCOPED)
  isSalable(@Param() { code }: ChannelParam, @Body() request: RequestedLines, @CallerOf() caller?: Caller) {
    assertMayActFor(caller, code, 'code');
    return this.checkout.isSalable(code, request.items);
  }

  /** What a product page shows: salable or not, "Only X left", backorder notice, visibility. */
  @Access('admin', 'order-system', 'storefront')
  @Get('skus/:sku/stock-status')
  @ApiNotFoundResponse({ description: 'The sales channel belongs to no stock' })
  @ApiForbiddenResponse(SCOPED)
  stockStatus(@Param() { code, sku }: ChannelSkuParam, @CallerOf() caller?: Caller) {
    assertMayActFor(caller, code, 'code');
    return this.checkout.stockStatus(code, sku);
  }
}
