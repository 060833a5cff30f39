import { Module } from '@nestjs/common';
import { SERVICES, ServiceRuntimeModule } from '@inventory/service-runtime';
import { CreateCatalog1700000000100 } from './migrations/1700000000100-create-catalog';
import { SourceItemsModule } from './source-items/source-items.module';

@Module({
  imports: [
    ServiceRuntimeModule.forService({
      ...SERVICES['catalog-inventory'],
      migrations: [CreateCatalog1700000000100],
    }),
    SourceItemsModule,
  ],
})
export class AppModule {}
