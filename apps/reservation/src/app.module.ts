import { Module } from '@nestjs/common';
import {
  EventStoreModule,
  EventStoreSchema1700000000050,
  eventStoreConfigFromEnv,
} from '@inventory/event-store';
import { SERVICE_CONFIG, SERVICES, ServiceConfig, ServiceRuntimeModule } from '@inventory/service-runtime';
import { CreateReservation1700000000200 } from './migrations/1700000000200-create-reservation';
import { DisabledSources1700000000210 } from './migrations/1700000000210-disabled-sources';
import { ReservationEventsHandler } from './order-reservation/reservation-events.handler';
import { SalableQuantityController } from './salable-quantity/salable-quantity.controller';

@Module({
  imports: [
    ServiceRuntimeModule.forService({
      ...SERVICES.reservation,
      migrations: [
        EventStoreSchema1700000000050,
        CreateReservation1700000000200,
        DisabledSources1700000000210,
      ],
    }),
    // Per-SKU streams (issue 6); PostgreSQL in this service's database unless EVENT_STORE says otherwise.
    EventStoreModule.forRoot(
      (config: ServiceConfig) => eventStoreConfigFromEnv(config.DATABASE_URL),
      [SERVICE_CONFIG],
    ),
  ],
  controllers: [SalableQuantityController],
  providers: [ReservationEventsHandler],
})
export class AppModule {}
