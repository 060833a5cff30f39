import { Module } from '@nestjs/common';
import { retentionDaysFromEnv } from '@inventory/messaging';
import { SERVICES, ServiceRuntimeModule } from '@inventory/service-runtime';
import { FulfillmentEventsHandler } from './fulfillment-events/fulfillment-events.handler';
import { CreateCatalog1700000000100 } from './migrations/1700000000100-create-catalog';
import { StocksAndSettings1700000000110 } from './migrations/1700000000110-stocks-and-settings';
import { CsvImports1700000000120 } from './migrations/1700000000120-csv-imports';
import { CatalogVersions1700000000130 } from './migrations/1700000000130-catalog-versions';
import { InventoryStates1700000000140 } from './migrations/1700000000140-inventory-states';
import { Transfers1700000000150 } from './migrations/1700000000150-transfers';
import { Kits1700000000160 } from './migrations/1700000000160-kits';
import { AdjustmentsModule } from './adjustments/adjustments.module';
import { KitsModule } from './kits/kits.module';
import { SettingsModule } from './settings/settings.module';
import { TransfersModule } from './transfers/transfers.module';
import { SourceItemsModule } from './source-items/source-items.module';
import { SourcesModule } from './sources/sources.module';
import { StocksModule } from './stocks/stocks.module';

/** The database with its migrations and Kafka: what the service and its ops CLI run on. */
export const CATALOG_INFRASTRUCTURE = [
  ServiceRuntimeModule.forService({
    ...SERVICES['catalog-inventory'],
    migrations: [
      CreateCatalog1700000000100,
      StocksAndSettings1700000000110,
      CsvImports1700000000120,
      CatalogVersions1700000000130,
      InventoryStates1700000000140,
      Transfers1700000000150,
      Kits1700000000160,
    ],
    // The movement log: kept 400 days by default, so a year's counts can be compared.
    history: [
      {
        table: 'source_item_movements',
        column: 'at',
        days: retentionDaysFromEnv('MOVEMENT_RETENTION_DAYS', 400),
      },
      // An adjustment's id answers its replays this long.
      {
        table: 'adjustments',
        column: 'created_at',
        days: retentionDaysFromEnv('MOVEMENT_RETENTION_DAYS', 400),
      },
    ],
  }),
];

@Module({
  imports: [
    ...CATALOG_INFRASTRUCTURE,
    SourcesModule,
    StocksModule,
    SettingsModule,
    SourceItemsModule,
    AdjustmentsModule,
    TransfersModule,
    KitsModule,
  ],
  controllers: [FulfillmentEventsHandler],
})
export class AppModule {}
