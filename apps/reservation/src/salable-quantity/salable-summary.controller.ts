import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, LimitQuery } from '@inventory/service-runtime';
import { DataSource } from 'typeorm';
import { SalableSummary, readSalableSummary } from './salable-summary';

@ApiTags('salable-quantity')
@Controller('salable-summary')
export class SalableSummaryController {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Per stock: SKUs, how many cannot be sold, how many are at "Only X left"; and the latest
   * `?limit=` (10) salable changes, newest first. The console's overview.
   */
  @Access('admin')
  @Get()
  @ApiOkResponse({ type: SalableSummary })
  summary(@Query() { limit }: LimitQuery): Promise<SalableSummary> {
    return this.dataSource.transaction('REPEATABLE READ', (tx) => readSalableSummary(tx, limit ?? 10));
  }
}
