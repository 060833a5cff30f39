import { Module } from '@nestjs/common';
import { SERVICES, ServiceRuntimeModule } from '@inventory/service-runtime';
import { CatalogViewHandler } from './catalog-view/catalog-view.handler';
import { CreditMemosController } from './credit-memos/credit-memos.controller';
import { CreditMemosService } from './credit-memos/credit-memos.service';
import { CreateFulfillment1700000000300 } from './migrations/1700000000300-create-fulfillment';
import { ShipmentsAndCreditMemos1700000000310 } from './migrations/1700000000310-shipments-and-credit-memos';
import { OrderLinesOnly1700000000320 } from './migrations/1700000000320-order-lines-only';
import { OrdersByPlacedAt1700000000330 } from './migrations/1700000000330-orders-by-placed-at';
import { RefundsBeforeShipment1700000000340 } from './migrations/1700000000340-refunds-before-shipment';
import { FormerStockLinks1700000000350 } from './migrations/1700000000350-former-stock-links';
import { KitLines1700000000360 } from './migrations/1700000000360-kit-lines';
import { OrdersController } from './orders/orders.controller';
import { OrdersHandler } from './orders/orders.handler';
import { ShipmentsController } from './shipments/shipments.controller';
import { ShipmentsService } from './shipments/shipments.service';
import { distanceAlgorithm } from './source-selection/distance.algorithm';
import { loadPlaces } from './source-selection/places';
import { priorityAlgorithm } from './source-selection/priority.algorithm';
import { SourceSelectionController } from './source-selection/source-selection.controller';
import {
  PLACES,
  SOURCE_SELECTION_ALGORITHMS,
  SourceSelectionService,
} from './source-selection/source-selection.service';

@Module({
  imports: [
    ServiceRuntimeModule.forService({
      ...SERVICES.fulfillment,
      migrations: [
        CreateFulfillment1700000000300,
        ShipmentsAndCreditMemos1700000000310,
        OrderLinesOnly1700000000320,
        OrdersByPlacedAt1700000000330,
        RefundsBeforeShipment1700000000340,
        FormerStockLinks1700000000350,
        KitLines1700000000360,
      ],
    }),
  ],
  controllers: [
    OrdersController,
    SourceSelectionController,
    ShipmentsController,
    CreditMemosController,
    CatalogViewHandler,
    OrdersHandler,
  ],
  providers: [
    SourceSelectionService,
    ShipmentsService,
    CreditMemosService,
    // A merchant's own algorithm (a SourceSelectionAlgorithm) is offered once it is in this list.
    { provide: SOURCE_SELECTION_ALGORITHMS, useValue: [priorityAlgorithm, distanceAlgorithm] },
    { provide: PLACES, useFactory: () => loadPlaces() },
  ],
})
export class AppModule {}
