import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Response } from 'express';
import { Caller } from '@inventory/access-control';
import { Access, CallerOf, PublicRoute, assertMayActFor } from '@inventory/service-runtime';
import { StockAlertsService } from './stock-alerts.service';
import {
  SubscribeRequest,
  SubscriptionIdParam,
  SubscriptionView,
  UnsubscribeQuery,
} from './subscription.dto';

@ApiTags('stock alerts')
@Access('admin', 'storefront')
@Controller('stock-alert-subscriptions')
export class StockAlertsController {
  constructor(private readonly alerts: StockAlertsService) {}

  /** "Notify me when this product is in stock". */
  @Post()
  @ApiCreatedResponse({ type: SubscriptionView, description: 'Subscribed' })
  @ApiOkResponse({ type: SubscriptionView, description: 'Already subscribed: the same subscription' })
  @ApiNotFoundResponse({ description: 'Unknown sales channel or SKU' })
  @ApiConflictResponse({ description: 'The SKU does not allow subscriptions, or can be bought now' })
  @ApiForbiddenResponse({ description: 'sales_channel_forbidden: the key is scoped to other channels' })
  async subscribe(
    @Body() request: SubscribeRequest,
    @Res({ passthrough: true }) response: Response,
    @CallerOf() caller?: Caller,
  ): Promise<SubscriptionView> {
    assertMayActFor(caller, request.salesChannel, 'salesChannel');
    const { subscription, created } = await this.alerts.subscribe(request);
    response.status(created ? 201 : 200);
    return subscription;
  }

  @Get(':subscriptionId')
  @ApiOkResponse({ type: SubscriptionView })
  @ApiNotFoundResponse({ description: 'No such subscription' })
  get(
    @Param() { subscriptionId }: SubscriptionIdParam,
    @CallerOf() caller?: Caller,
  ): Promise<SubscriptionView> {
    return this.alerts.get(subscriptionId, caller);
  }

  @Delete(':subscriptionId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Unsubscribed (or already notified or unsubscribed)' })
  @ApiNotFoundResponse({ description: 'No such subscription' })
  async unsubscribe(
    @Param() { subscriptionId }: SubscriptionIdParam,
    @CallerOf() caller?: Caller,
  ): Promise<void> {
    await this.alerts.unsubscribe(subscriptionId, caller);
  }

  /** The unsubscribe link of a back-in-stock email (a GET, so a click in a mail client works). */
  @PublicRoute()
  @Get(':subscriptionId/unsubscribe')
  @ApiOkResponse({ type: SubscriptionView })
  @ApiForbiddenResponse({ description: 'The token does not belong to this subscription' })
  unsubscribeByLink(
    @Param() { subscriptionId }: SubscriptionIdParam,
    @Query() { token }: UnsubscribeQuery,
  ): Promise<SubscriptionView> {
    return this.alerts.unsubscribeByLink(subscriptionId, token);
  }
}
