import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Caller } from '@inventory/access-control';
import { Access, CallerOf, assertMayActFor } from '@inventory/service-runtime';
import { readCreditMemos } from '../credit-memos/credit-memo-store';
import { readShipments } from '../shipments/shipment-store';
import { requireOrder } from './order-access';
import { listOrders, readOrderLines } from './order-store';
import { OrderIdParam, OrderListQuery, OrderListView, OrderView, toOrderView } from './order-view';

@ApiTags('orders')
@Access('admin', 'order-system')
@Controller('orders')
export class OrdersController {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Orders, newest first: `?status=`, `?toShip=true` (what can be shipped now), `?salesChannel=`.
   * A key scoped to sales channels sees the orders of those channels only.
   */
  @Get()
  @ApiOkResponse({ type: OrderListView })
  @ApiForbiddenResponse({ description: 'sales_channel_forbidden: the key is scoped to other channels' })
  async list(@Query() query: OrderListQuery, @CallerOf() caller?: Caller): Promise<OrderListView> {
    if (query.salesChannel) assertMayActFor(caller, query.salesChannel, 'salesChannel');
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const { orders, total } = await listOrders(
        tx,
        {
          status: query.status,
          toShip: query.toShip === 'true',
          salesChannel: query.salesChannel,
          salesChannels: caller?.salesChannels ?? undefined,
        },
        query.limit ?? 50,
        query.offset ?? 0,
      );
      const items = orders.map(({ row, lines }) => {
        const { shipments: _shipments, creditMemos: _memos, ...summary } = toOrderView(row, lines);
        return summary;
      });
      return { items, total };
    });
  }

  /**
   * The order with each line's counters, its shipments and its credit memos. A key scoped to
   * other sales channels gets 404, as for an order that is not known.
   */
  @Get(':orderId')
  @ApiOkResponse({ type: OrderView })
  @ApiNotFoundResponse({ description: 'No event about this order has arrived' })
  async get(@Param() { orderId }: OrderIdParam, @CallerOf() caller?: Caller): Promise<OrderView> {
    // One snapshot, so the counters agree with the shipments and memos listed.
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const order = await requireOrder(tx, orderId, false, caller);
      return toOrderView(
        order,
        [...(await readOrderLines(tx, orderId)).values()],
        await readShipments(tx, { orderId }),
        await readCreditMemos(tx, { orderId }),
      );
    });
  }
}
