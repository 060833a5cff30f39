import { Module } from '@nestjs/common';
import {
  EventStoreAppendFastPath1700000000060,
  EventStoreAppendRetry1700000000070,
  EventStoreModule,
  EventStoreSchema1700000000050,
  eventStoreConfigFromEnv,
} from '@inventory/event-store';
import {
  PARKED_EVENTS,
  SERVICE_CONFIG,
  SERVICES,
  ServiceConfig,
  ServiceRuntimeModule,
} from '@inventory/service-runtime';
import { CheckoutController } from './checkout/checkout.controller';
import { CheckoutService } from './checkout/checkout.service';
import { HoldsController } from './holds/holds.controller';
import { HoldsService } from './holds/holds.service';
import { ReservationInputsHandler } from './inputs/reservation-inputs.handler';
import { SalableChangesController, SalableChangesFeed } from './live/salable-changes';
import { CreateReservation1700000000200 } from './migrations/1700000000200-create-reservation';
import { DisabledSources1700000000210 } from './migrations/1700000000210-disabled-sources';
import { EventSourcedReservation1700000000220 } from './migrations/1700000000220-event-sourced-reservation';
import { SalableChangeSequence1700000000230 } from './migrations/1700000000230-salable-change-sequence';
import { ParkedEvents1700000000240 } from './migrations/1700000000240-parked-events';
import { SalableRecentChanges1700000000250 } from './migrations/1700000000250-salable-recent-changes';
import { SalableProjector } from './salable-quantity/salable-projector';
import { ReservationMetrics } from './salable-quantity/reservation-metrics';
import { SalableQuantityController } from './salable-quantity/salable-quantity.controller';
import { SalableSummaryController } from './salable-quantity/salable-summary.controller';
import { SalableQuantityService } from './salable-quantity/salable-quantity.service';
import { InventoryStreams } from './streams/inventory-streams';
import { ReservationWriter } from './writer/reservation-writer';

/** Database with migrations, Kafka, and the event store: what the service and its ops CLI run on. */
export const RESERVATION_INFRASTRUCTURE = [
  ServiceRuntimeModule.forService({
    ...SERVICES.reservation,
    migrations: [
      EventStoreSchema1700000000050,
      EventStoreAppendFastPath1700000000060,
      EventStoreAppendRetry1700000000070,
      CreateReservation1700000000200,
      DisabledSources1700000000210,
      EventSourcedReservation1700000000220,
      SalableChangeSequence1700000000230,
      ParkedEvents1700000000240,
      SalableRecentChanges1700000000250,
    ],
  }),
  // Per-SKU streams; PostgreSQL in this service's database unless EVENT_STORE says otherwise.
  EventStoreModule.forRoot(
    (config: ServiceConfig) => eventStoreConfigFromEnv(config.DATABASE_URL),
    [SERVICE_CONFIG],
  ),
];

@Module({
  imports: RESERVATION_INFRASTRUCTURE,
  controllers: [
    SalableQuantityController,
    SalableSummaryController,
    SalableChangesController,
    CheckoutController,
    HoldsController,
    ReservationInputsHandler,
  ],
  providers: [
    InventoryStreams,
    ReservationWriter,
    SalableChangesFeed,
    SalableProjector,
    { provide: PARKED_EVENTS, useExisting: SalableProjector },
    ReservationMetrics,
    SalableQuantityService,
    CheckoutService,
    HoldsService,
  ],
})
export class AppModule {}
