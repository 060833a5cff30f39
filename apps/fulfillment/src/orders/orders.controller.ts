import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Access } from '@inventory/service-runtime';
import { readCreditMemos } from '../credit-memos/credit-memo-store';
import { readShipments } from '../shipments/shipment-store';
import { requireOrder } from './order-access';
import { readOrderLines } from './order-store';
import { OrderIdParam, OrderView, toOrderView } from './order-view';

@ApiTags('orders')
@Access('admin', 'order-system')
@Controller('orders')
export class OrdersController {
  constructor(private readonly dataSource: DataSource) {}

  /** The order with each line's counters, its shipments and its credit memos. */
  @Get(':orderId')
  @ApiOkResponse({ type: OrderView })
  @ApiNotFoundResponse({ description: 'No event about this order has arrived' })
  async get(@Param() { orderId }: OrderIdParam): Promise<OrderView> {
    // One snapshot, so the counters agree with the shipments and memos listed.
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const order = await requireOrder(tx, orderId);
      return toOrderView(
        order,
        [...(await readOrderLines(tx, orderId)).values()],
        await readShipments(tx, { orderId }),
        await readCreditMemos(tx, { orderId }),
      );
    });
  }
}
