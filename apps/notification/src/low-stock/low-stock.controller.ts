import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '@inventory/service-runtime';
import { LowStockDigest } from './low-stock-digest';
import { DigestResult, LowStockQuery, LowStockReport } from './low-stock-report.dto';
import { LowStockReportService } from './low-stock-report.service';

@ApiTags('low stock')
@Access('admin')
@Controller('reports/low-stock')
export class LowStockController {
  constructor(
    private readonly reports: LowStockReportService,
    private readonly digest: LowStockDigest,
  ) {}

  /** Source items below their notify quantity (Magento's Reports > Products > Low Stock). */
  @Get()
  @ApiOkResponse({ type: LowStockReport })
  report(@Query() query: LowStockQuery): Promise<LowStockReport> {
    return this.reports.report(query);
  }

  /** Sends the digest of crossings now instead of at the next scheduled time. */
  @Post('digest')
  @HttpCode(200)
  @ApiOkResponse({ type: DigestResult })
  sendDigest(): Promise<DigestResult> {
    return this.digest.send();
  }
}
