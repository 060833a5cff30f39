import { Controller, Get, Header, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { stringify } from 'csv-stringify';
import { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Access } from '@inventory/service-runtime';
import { LowStockDigest } from './low-stock-digest';
import { DigestResult, LowStockQuery, LowStockReport } from './low-stock-report.dto';
import { LowStockReportService } from './low-stock-report.service';

/** Rows read per query while exporting (the report's own page limit). */
const EXPORT_PAGE = 1_000;

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

  /** The whole report as CSV (`sku,source_code,quantity,notify_stock_qty,status`), with the same filters and order. */
  @Get('export')
  @ApiProduces('text/csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="low-stock.csv"')
  async export(@Query() query: LowStockQuery, @Res() response: Response): Promise<void> {
    const reports = this.reports;
    async function* rows() {
      for (let offset = 0; ; offset += EXPORT_PAGE) {
        const page = await reports.report({ ...query, limit: EXPORT_PAGE, offset });
        for (const item of page.items)
          yield [item.sku, item.sourceCode, item.quantity, item.notifyStockQty, item.status];
        if (page.items.length < EXPORT_PAGE) return;
      }
    }
    const csv = stringify({
      header: true,
      columns: ['sku', 'source_code', 'quantity', 'notify_stock_qty', 'status'],
    });
    await pipeline(Readable.from(rows()), csv, response);
  }

  /** Sends the digest of crossings now instead of at the next scheduled time. */
  @Post('digest')
  @HttpCode(200)
  @ApiOkResponse({ type: DigestResult })
  sendDigest(): Promise<DigestResult> {
    return this.digest.send();
  }
}
