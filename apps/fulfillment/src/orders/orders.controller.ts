import { Controller, Get, HttpStatus, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiError } from '@inventory/service-runtime';
import { DataSource } from 'typeorm';
import { OrderRow, OrderView, toOrderView } from './order-view';

@ApiTags('orders')
@Controller('orders')
export class OrdersController {
  constructor(private readonly dataSource: DataSource) {}

  @Get(':orderId')
  async get(@Param('orderId') orderId: string): Promise<OrderView> {
    const rows: OrderRow[] = await this.dataSource.query(`SELECT * FROM orders WHERE order_id = $1`, [
      orderId,
    ]);
    if (!rows.length)
      throw new ApiError(HttpStatus.NOT_FOUND, 'order_not_found', `Order "${orderId}" is not known`);
    return toOrderView(rows[0]);
  }
}
