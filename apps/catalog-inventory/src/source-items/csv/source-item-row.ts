import { ApiProperty } from '@nestjs/swagger';
import { MAX_QTY, SOURCE_ITEM_STATUSES, SourceItemStatus, identifierProblem } from '@inventory/contracts';
import { SourceItemWrite } from '../source-item-store';

/**
 * The CSV columns of source items. The optional ones may be left out; the held states
 * (`damaged`, `quality_control`, `safety_stock`) left out or empty keep what is stored.
 */
export const CSV_COLUMNS = ['sku', 'source_code', 'quantity', 'status'] as const;
export const OPTIONAL_CSV_COLUMNS = [
  'notify_stock_qty',
  'damaged',
  'quality_control',
  'safety_stock',
] as const;

export class RowError {
  @ApiProperty({ example: 7, description: 'Line in the file; the header is line 1' }) readonly line!: number;
  @ApiProperty({ example: 'quantity' }) readonly field!: string;
  @ApiProperty({ example: 'must be a number with at most 4 decimals' }) readonly message!: string;
}

const QUANTITY = /^-?\d+(\.\d{1,4})?$/;

function quantity(
  text: string | undefined,
  field: string,
  line: number,
  errors: RowError[],
  optional = false,
) {
  const value = (text ?? '').trim();
  if (value === '' && optional) return null;
  if (!QUANTITY.test(value)) {
    errors.push({ line, field, message: `"${value}" is not a quantity (a number with at most 4 decimals)` });
    return null;
  }
  const number = Number(value);
  if (number < 0 || number > MAX_QTY)
    errors.push({ line, field, message: `must be between 0 and ${MAX_QTY}` });
  return number;
}

function code(text: string | undefined, field: string, line: number, errors: RowError[]): string {
  const value = (text ?? '').trim();
  const problem = identifierProblem(value);
  if (problem) errors.push({ line, field, message: problem });
  return value;
}

/**
 * One CSV record to a source item, or the reasons it is not one. `knownSource` says whether a
 * source code exists (the caller caches the sources).
 */
export function parseSourceItemRow(
  record: Record<string, string | undefined>,
  line: number,
  knownSource: (code: string) => boolean,
): { item: SourceItemWrite } | { errors: RowError[] } {
  const errors: RowError[] = [];
  const sku = code(record.sku, 'sku', line, errors);
  const sourceCode = code(record.source_code, 'source_code', line, errors);
  if (sourceCode && !knownSource(sourceCode))
    errors.push({ line, field: 'source_code', message: `source "${sourceCode}" does not exist` });
  const qty = quantity(record.quantity, 'quantity', line, errors);
  const status = (record.status ?? '').trim() as SourceItemStatus;
  if (!SOURCE_ITEM_STATUSES.includes(status)) {
    errors.push({ line, field: 'status', message: `must be one of ${SOURCE_ITEM_STATUSES.join(', ')}` });
  }
  const notifyStockQty = quantity(record.notify_stock_qty, 'notify_stock_qty', line, errors, true);
  const held = {
    damaged: quantity(record.damaged, 'damaged', line, errors, true),
    qualityControl: quantity(record.quality_control, 'quality_control', line, errors, true),
    safetyStock: quantity(record.safety_stock, 'safety_stock', line, errors, true),
  };
  if (errors.length) return { errors };
  const given = Object.fromEntries(Object.entries(held).filter(([, value]) => value !== null));
  return { item: { sku, sourceCode, quantity: qty as number, status, notifyStockQty, ...given } };
}
