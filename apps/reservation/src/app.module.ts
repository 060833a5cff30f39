import { Module } from '@nestjs/common';
import { SERVICES, ServiceRuntimeModule } from '@inventory/service-runtime';
import { CreateReservation1700000000200 } from './migrations/1700000000200-create-reservation';
import { ReservationEventsHandler } from './order-reservation/reservation-events.handler';
import { SalableQuantityController } from './salable-quantity/salable-quantity.controller';

@Module({
  imports: [
    ServiceRuntimeModule.forService({
      ...SERVICES.reservation,
      migrations: [CreateReservation1700000000200],
    }),
  ],
  controllers: [SalableQuantityController],
  providers: [ReservationEventsHandler],
})
export class AppModule {}
