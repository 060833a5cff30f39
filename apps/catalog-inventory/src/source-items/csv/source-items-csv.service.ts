import { pairKey } from '@inventory/contracts';
import { HttpStatus, Injectable } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TransactionScope, UnitOfWork } from '@inventory/messaging';
import { ApiError } from '@inventory/service-runtime';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import { SourceItemWrite, saveSourceItems } from '../source-item-store';
import { CSV_COLUMNS, OPTIONAL_CSV_COLUMNS, RowError, parseSourceItemRow } from './source-item-row';

export const IMPORT_MODES = ['all_or_nothing', 'valid_rows'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

/** The outcome of a CSV import (the body of 200 and of 422). */
export class ImportReport {
  @ApiProperty({ enum: IMPORT_MODES }) readonly mode!: ImportMode;
  @ApiProperty({ description: 'False when mode is all_or_nothing and a row was bad: nothing was stored' })
  readonly applied!: boolean;
  @ApiProperty() readonly rowsRead!: number;
  @ApiProperty() readonly rowsApplied!: number;
  @ApiProperty() readonly rowsRejected!: number;
  @ApiProperty({ type: [RowError], description: 'The first 1,000 problems, each with its line (header = 1)' })
  readonly errors!: RowError[];
  @ApiProperty() readonly errorsTruncated!: boolean;
  @ApiPropertyOptional({
    description: 'The import id named an import applied before: this is its report, nothing was applied now',
  })
  readonly alreadyApplied?: boolean;
}

const BATCH_ROWS = 1_000;
const MAX_REPORTED_ERRORS = 1_000;
const EXPORT_PAGE = 5_000;

class RejectedImport extends Error {
  constructor(readonly report: ImportReport) {
    super('import rejected');
  }
}

/**
 * CSV import and export of source items, streaming both ways: an import holds one batch of
 * rows at a time (plus the set of source codes), however long the file.
 */
@Injectable()
export class SourceItemsCsvService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * Imports in one transaction: a crash part way applies nothing. With an `importId`, the report
   * is recorded in that transaction, and the same id sent again answers it without applying the
   * file again (a second request waits while the first one's transaction is open).
   */
  async import(input: Readable, mode: ImportMode, importId?: string): Promise<ImportReport> {
    const parser = parse({
      columns: checkHeader,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      bom: true,
    });
    // The parser may fail (bad header, broken quoting) before the loop that reads it starts:
    // a listener now keeps that from being an unhandled 'error'; the loop rethrows it.
    parser.on('error', () => undefined);
    input.on('error', (error) => parser.destroy(error));
    input.pipe(parser);
    try {
      return await this.unitOfWork.run(async (scope) => {
        if (importId) {
          const done = await this.claim(scope, importId);
          if (done) {
            parser.resume(); // the rows are not needed: let the body run through so the answer can go out
            return { ...done, alreadyApplied: true };
          }
        }
        const report = await this.importRows(scope, parser, mode, importId);
        if (importId) {
          await scope.tx.query(`UPDATE csv_imports SET report = $2 WHERE import_id = $1`, [importId, report]);
        }
        return report;
      });
    } catch (error) {
      if (error instanceof RejectedImport) return error.report;
      throw asCsvError(error);
    }
  }

  /**
   * Takes the import id for this transaction, or returns the report of the import that has it. The
   * row is inserted first, so a concurrent request with the same id waits for this one to end.
   */
  private async claim({ tx }: TransactionScope, importId: string): Promise<ImportReport | undefined> {
    const claimed = await tx.query(
      `INSERT INTO csv_imports (import_id, report) VALUES ($1, '{}') ON CONFLICT (import_id) DO NOTHING RETURNING import_id`,
      [importId],
    );
    if (claimed.length) return undefined;
    const [{ report }] = await tx.query(`SELECT report FROM csv_imports WHERE import_id = $1`, [importId]);
    return report;
  }

  private async importRows(
    scope: TransactionScope,
    rows: AsyncIterable<unknown>,
    mode: ImportMode,
    importId: string | undefined,
  ): Promise<ImportReport> {
    const known: { code: string }[] = await scope.tx.query(`SELECT code FROM sources`);
    const sources = new Set(known.map((row) => row.code));
    const errors: RowError[] = [];
    let rowsRead = 0;
    let rowsApplied = 0;
    let rowsRejected = 0;
    // Within a batch a later row for the same SKU and source replaces an earlier one (as across batches).
    let batch = new Map<string, SourceItemWrite>();
    const flush = async () => {
      if (batch.size === 0) return;
      const items = [...batch.values()];
      batch = new Map();
      await saveSourceItems(scope, items, { reason: 'import', movement: { documentId: importId ?? null } });
      await scope.flush();
    };

    for await (const row of rows) {
      const { record, info } = row as { record: Record<string, string>; info: { lines: number } };
      rowsRead++;
      const parsed = parseSourceItemRow(record, info.lines, (code) => sources.has(code));
      if ('errors' in parsed) {
        rowsRejected++;
        errors.push(...parsed.errors.slice(0, MAX_REPORTED_ERRORS - errors.length));
        continue;
      }
      // All or nothing and a row already failed: nothing will be stored, keep validating only.
      if (mode === 'all_or_nothing' && rowsRejected > 0) continue;
      rowsApplied++;
      // A later row replaces an earlier one's quantity and status; held states it leaves out stay
      // as the earlier row set them, as they would across two batches.
      const key = pairKey(parsed.item.sku, parsed.item.sourceCode);
      const { damaged, qualityControl, safetyStock } = batch.get(key) ?? {};
      const earlierHeld = { damaged, qualityControl, safetyStock };
      batch.set(key, {
        ...Object.fromEntries(Object.entries(earlierHeld).filter(([, value]) => value !== undefined)),
        ...parsed.item,
      });
      if (batch.size >= BATCH_ROWS) await flush();
    }

    const report = {
      mode,
      rowsRead,
      rowsRejected,
      errors,
      errorsTruncated: rowsRejected > 0 && errors.length >= MAX_REPORTED_ERRORS,
    };
    if (mode === 'all_or_nothing' && rowsRejected > 0) {
      throw new RejectedImport({ ...report, applied: false, rowsApplied: 0 });
    }
    await flush();
    return { ...report, applied: true, rowsApplied };
  }

  /** Writes rows of every column (CSV_COLUMNS, then the optional ones), in SKU order, a page at a time. */
  async export(output: Writable, filter: { skuPrefix?: string; sourceCode?: string }): Promise<void> {
    const csv = stringify({ header: true, columns: [...CSV_COLUMNS, ...OPTIONAL_CSV_COLUMNS] });
    const dataSource = this.dataSource;
    async function* rows() {
      let after: [string, string] = ['', ''];
      for (;;) {
        const page: {
          sku: string;
          source_code: string;
          quantity: string;
          status: string;
          notify_stock_qty: string | null;
          damaged: string;
          quality_control: string;
          safety_stock: string;
        }[] = await dataSource.query(
          `SELECT sku, source_code, quantity::float8::text AS quantity, status, notify_stock_qty::float8::text AS notify_stock_qty,
                  damaged::float8::text AS damaged, quality_control::float8::text AS quality_control,
                  safety_stock::float8::text AS safety_stock
               FROM source_items
              WHERE (sku, source_code) > ($1, $2) AND ($3::text IS NULL OR sku LIKE $3 || '%') AND ($4::text IS NULL OR source_code = $4)
              ORDER BY sku, source_code LIMIT $5`,
          [after[0], after[1], filter.skuPrefix ?? null, filter.sourceCode ?? null, EXPORT_PAGE],
        );
        for (const row of page)
          yield [
            row.sku,
            row.source_code,
            row.quantity,
            row.status,
            row.notify_stock_qty ?? '',
            row.damaged,
            row.quality_control,
            row.safety_stock,
          ];
        if (page.length < EXPORT_PAGE) return;
        after = [page[page.length - 1].sku, page[page.length - 1].source_code];
      }
    }
    await pipeline(Readable.from(rows()), csv, output);
  }
}

function checkHeader(header: string[]): string[] {
  const columns = header.map((column) => column.trim().toLowerCase());
  const missing = CSV_COLUMNS.filter((column) => !columns.includes(column));
  if (missing.length) throw new MissingColumns(missing);
  return columns;
}

class MissingColumns extends Error {
  constructor(readonly missing: readonly string[]) {
    super(`missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  }
}

/** A file that is not CSV with our header is a 400 that says where it broke. */
function asCsvError(error: unknown): unknown {
  const cause = (error as { cause?: unknown }).cause ?? error;
  if (cause instanceof MissingColumns || error instanceof MissingColumns) {
    const missing = (cause as MissingColumns).missing ?? (error as MissingColumns).missing;
    return ApiError.forFields(
      HttpStatus.BAD_REQUEST,
      'csv_missing_columns',
      `The header must name ${CSV_COLUMNS.join(',')}`,
      [{ field: 'header', problems: [`missing ${missing.join(', ')}`] }],
    );
  }
  const code = (error as { code?: string }).code;
  if (typeof code === 'string' && code.startsWith('CSV_')) {
    const line = (error as { lines?: number }).lines;
    return ApiError.forFields(HttpStatus.BAD_REQUEST, 'csv_malformed', 'The file is not valid CSV', [
      { field: line ? `line ${line}` : 'file', problems: [(error as Error).message] },
    ]);
  }
  return error;
}
