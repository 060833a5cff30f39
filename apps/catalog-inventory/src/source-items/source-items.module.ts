import { Module } from '@nestjs/common';
import { SourceItemsController } from './source-items.controller';
import { SourceItemsService } from './source-items.service';

@Module({ controllers: [SourceItemsController], providers: [SourceItemsService] })
export class SourceItemsModule {}
