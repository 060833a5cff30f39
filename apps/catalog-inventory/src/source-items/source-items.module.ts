import { Module } from '@nestjs/common';
import { ProductsController } from '../products/products.controller';
import { SourceItemsCsvService } from './csv/source-items-csv.service';
import { SourceItemsController } from './source-items.controller';
import { SourceItemsService } from './source-items.service';

@Module({
  controllers: [SourceItemsController, ProductsController],
  providers: [SourceItemsService, SourceItemsCsvService],
})
export class SourceItemsModule {}
