import { Module } from '@nestjs/common';
import { SERVICES, ServiceRuntimeModule } from '@inventory/service-runtime';
import { CreateFulfillment1700000000300 } from './migrations/1700000000300-create-fulfillment';
import { OrdersController } from './orders/orders.controller';
import { OrdersHandler } from './orders/orders.handler';

@Module({
  imports: [
    ServiceRuntimeModule.forService({
      ...SERVICES.fulfillment,
      migrations: [CreateFulfillment1700000000300],
    }),
  ],
  controllers: [OrdersController],
  providers: [OrdersHandler],
})
export class AppModule {}
