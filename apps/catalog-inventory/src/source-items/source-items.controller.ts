import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiProduces,
  ApiPropertyOptional,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Access, ApiError, ErrorBody } from '@inventory/service-runtime';
import { IsIn, IsOptional } from 'class-validator';
import { Request, Response } from 'express';
import {
  IMPORT_MODES,
  ImportMode,
  ImportReport,
  SourceItemsCsvService,
} from './csv/source-items-csv.service';
import { IsCode, IsCodePrefix } from '@inventory/contracts';
import {
  SaveSourceItemsRequest,
  SourceItemList,
  TransferRequest,
  UnassignSourceItemsRequest,
} from './source-items.dto';
import { SourceItemsService } from './source-items.service';
import { MovementList, MovementsQuery, findMovements } from './movements';
import { DataSource } from 'typeorm';

class SourceItemsQuery {
  @IsCode() readonly sku!: string;
}

class ImportQuery {
  @ApiPropertyOptional({ enum: IMPORT_MODES, default: 'all_or_nothing' })
  @IsOptional()
  @IsIn(IMPORT_MODES)
  readonly mode?: ImportMode;
  @ApiPropertyOptional({
    example: 'nightly-2026-11-27',
    description: 'Names the import: sent again (after a crash or a lost answer), it is applied once',
  })
  @IsOptional()
  @IsCode()
  readonly importId?: string;
}

class ExportQuery {
  @ApiPropertyOptional() @IsOptional() @IsCodePrefix() readonly skuPrefix?: string;
  @ApiPropertyOptional() @IsOptional() @IsCode() readonly sourceCode?: string;
}

@ApiTags('source-items')
@Access('admin')
@Controller('source-items')
export class SourceItemsController {
  constructor(
    private readonly sourceItems: SourceItemsService,
    private readonly csv: SourceItemsCsvService,
    private readonly dataSource: DataSource,
  ) {}

  /** Bulk upsert of quantity and status per SKU and source; all or nothing. */
  @Post()
  @HttpCode(200)
  @ApiOkResponse({ type: SourceItemList })
  async save(@Body() request: SaveSourceItemsRequest): Promise<SourceItemList> {
    return { items: await this.sourceItems.save(request.items) };
  }

  @Get()
  @ApiOkResponse({ type: SourceItemList })
  async list(@Query() query: SourceItemsQuery): Promise<SourceItemList> {
    return { items: await this.sourceItems.findBySku(query.sku) };
  }

  /**
   * The movement log: every change of every state of the source items, from every cause (manual
   * edit, CSV import, shipment, credit memo, adjustment, transfer), newest first, paged.
   */
  @Get('movements')
  @ApiOkResponse({ type: MovementList })
  movements(@Query() query: MovementsQuery): Promise<MovementList> {
    return findMovements(this.dataSource, query);
  }

  /** Bulk unassign: removes SKUs from sources; all or nothing. */
  @Delete()
  @HttpCode(200)
  async unassign(@Body() request: UnassignSourceItemsRequest): Promise<{ unassigned: number }> {
    await this.sourceItems.unassign(request.items);
    return { unassigned: request.items.length };
  }

  /** Moves quantity of one SKU between two sources atomically. */
  @Post('transfer')
  @HttpCode(200)
  @ApiOkResponse({ type: SourceItemList, description: 'Both source items after the transfer' })
  async transfer(@Body() request: TransferRequest): Promise<SourceItemList> {
    return { items: await this.sourceItems.transfer(request) };
  }

  /**
   * CSV import (`sku,source_code,quantity,status[,notify_stock_qty]`), streamed. Every row is
   * validated; `mode=all_or_nothing` (default) stores nothing if a row is bad (422 with the
   * report), `mode=valid_rows` stores the good rows and reports the bad ones (200).
   */
  @Post('import')
  @ApiConsumes('text/csv')
  @ApiBody({
    schema: { type: 'string', example: 'sku,source_code,quantity,status\nHDB-001,default,150,in_stock\n' },
  })
  @ApiOkResponse({ type: ImportReport, description: 'Applied (valid_rows: bad rows are listed)' })
  @ApiUnprocessableEntityResponse({
    type: ImportReport,
    description: 'all_or_nothing and a bad row: nothing stored',
  })
  async import(
    @Query() query: ImportQuery,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ImportReport | (ImportReport & ErrorBody)> {
    if (!request.is('text/csv')) {
      throw new ApiError(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'unsupported_media_type',
        'Send the file as Content-Type: text/csv',
      );
    }
    const report = await this.csv.import(request, query.mode ?? 'all_or_nothing', query.importId);
    if (report.applied) {
      response.status(HttpStatus.OK);
      return report;
    }
    // Refused: the report, with the code and message every error body has.
    response.status(HttpStatus.UNPROCESSABLE_ENTITY);
    const [first] = report.errors;
    return {
      ...report,
      statusCode: HttpStatus.UNPROCESSABLE_ENTITY,
      code: 'import_rejected',
      message: `Nothing was stored: ${report.rowsRejected} of ${report.rowsRead} rows are bad${first ? ` (line ${first.line} ${first.field}: ${first.message})` : ''}`,
    };
  }

  /** CSV export of source items in SKU order, streamed. */
  @Get('export')
  @ApiProduces('text/csv')
  async export(@Query() query: ExportQuery, @Res() response: Response): Promise<void> {
    response.type('text/csv').attachment('source-items.csv');
    await this.csv.export(response, query);
  }
}
