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
  ProjectionTables1700000000080,
  SERVICE_CONFIG,
  SERVICES,
  ServiceConfig,
  ServiceRuntimeModule,
} from '@inventory/service-runtime';
import { CatalogViewHandler } from './catalog-view/catalog-view.handler';
import { CreateReplenishment1700000000500 } from './migrations/1700000000500-create-replenishment';
import { IncomingAndSales1700000000510 } from './migrations/1700000000510-incoming-and-sales';
import { CatalogKits1700000000520 } from './migrations/1700000000520-catalog-kits';
import { IncomingController, IncomingService } from './incoming/incoming';
import { ReorderSuggestionsController, ReorderSuggestionsService } from './reorder/reorder-suggestions';
import { ShipmentsHandler } from './sales/shipments.handler';
import { PurchaseOrderProjector } from './purchase-orders/purchase-order-projector';
import { PurchaseOrderStore } from './purchase-orders/purchase-order-store';
import { PurchaseOrdersController } from './purchase-orders/purchase-orders.controller';
import { PurchaseOrdersService } from './purchase-orders/purchase-orders.service';
import { SuppliersController, SuppliersService } from './suppliers/suppliers';

@Module({
  imports: [
    ServiceRuntimeModule.forService({
      ...SERVICES.replenishment,
      migrations: [
        EventStoreSchema1700000000050,
        EventStoreAppendFastPath1700000000060,
        EventStoreAppendRetry1700000000070,
        ProjectionTables1700000000080,
        CreateReplenishment1700000000500,
        IncomingAndSales1700000000510,
        CatalogKits1700000000520,
      ],
    }),
    // Purchase orders are streams; PostgreSQL in this service's database unless EVENT_STORE says otherwise.
    EventStoreModule.forRoot(
      (config: ServiceConfig) => eventStoreConfigFromEnv(config.DATABASE_URL),
      [SERVICE_CONFIG],
    ),
  ],
  controllers: [
    SuppliersController,
    PurchaseOrdersController,
    IncomingController,
    ReorderSuggestionsController,
    CatalogViewHandler,
    ShipmentsHandler,
  ],
  providers: [
    SuppliersService,
    PurchaseOrderStore,
    PurchaseOrdersService,
    IncomingService,
    ReorderSuggestionsService,
    PurchaseOrderProjector,
    { provide: PARKED_EVENTS, useExisting: PurchaseOrderProjector },
  ],
})
export class AppModule {}
