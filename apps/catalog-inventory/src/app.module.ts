import { Module } from '@nestjs/common';
import { ServiceRuntimeModule } from '@inventory/service-runtime';
import { CreateCatalog1700000000100 } from './migrations/1700000000100-create-catalog';
import { SourceItemsModule } from './source-items/source-items.module';

@Module({
  imports: [
    ServiceRuntimeModule.forService({
      name: 'catalog-inventory',
      port: 3001,
      portVariable: 'CATALOG_INVENTORY_PORT',
      database: 'inventory_catalog',
      databaseUrlVariable: 'CATALOG_INVENTORY_DATABASE_URL',
      migrations: [CreateCatalog1700000000100],
    }),
    SourceItemsModule,
  ],
})
export class AppModule {}
