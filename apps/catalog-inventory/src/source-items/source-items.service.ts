import { HttpStatus, Injectable } from '@nestjs/common';
import { createEvent } from '@inventory/contracts';
import { UnitOfWork } from '@inventory/messaging';
import { ApiError } from '@inventory/service-runtime';
import { DataSource, EntityManager } from 'typeorm';
import { SourceItemInput, SourceItemView } from './source-items.dto';

interface SourceItemRow {
  sku: string;
  source_code: string;
  quantity: string;
  status: SourceItemView['status'];
  notify_stock_qty: string | null;
}

const toView = (row: SourceItemRow): SourceItemView => ({
  sku: row.sku,
  sourceCode: row.source_code,
  quantity: Number(row.quantity),
  status: row.status,
  notifyStockQty: row.notify_stock_qty === null ? null : Number(row.notify_stock_qty),
});

@Injectable()
export class SourceItemsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly dataSource: DataSource,
  ) {}

  /** Upserts quantities and publishes one SourceItemsSaved per SKU, all in one transaction. */
  async save(items: readonly SourceItemInput[]): Promise<void> {
    rejectRepeatedPairs(items);
    await this.unitOfWork.run(async ({ tx, publish }) => {
      await rejectUnknownSources(tx, items);
      const saved: SourceItemRow[] = await tx.query(
        `INSERT INTO source_items (sku, source_code, quantity, status, notify_stock_qty)
         SELECT * FROM unnest($1::text[], $2::text[], $3::numeric[], $4::text[], $5::numeric[])
         ON CONFLICT (sku, source_code) DO UPDATE
           SET quantity = excluded.quantity, status = excluded.status,
               notify_stock_qty = excluded.notify_stock_qty, updated_at = now()
         RETURNING sku, source_code, quantity, status, notify_stock_qty`,
        [
          items.map((item) => item.sku),
          items.map((item) => item.sourceCode),
          items.map((item) => item.quantity),
          items.map((item) => item.status),
          items.map((item) => item.notifyStockQty ?? null),
        ],
      );
      for (const [sku, rows] of groupBy(saved.map(toView), (item) => item.sku)) {
        const event = createEvent(
          'SourceItemsSaved',
          { sku, reason: 'manual', items: rows.map(({ sku: _sku, ...item }) => item) },
          { source: 'catalog-inventory' },
        );
        publish({ event, key: sku });
      }
    });
  }

  async findBySku(sku: string): Promise<SourceItemView[]> {
    const rows: SourceItemRow[] = await this.dataSource.query(
      `SELECT sku, source_code, quantity, status, notify_stock_qty FROM source_items WHERE sku = $1 ORDER BY source_code`,
      [sku],
    );
    return rows.map(toView);
  }
}

function groupBy<T>(values: readonly T[], keyOf: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) groups.set(keyOf(value), [...(groups.get(keyOf(value)) ?? []), value]);
  return groups;
}

function rejectRepeatedPairs(items: readonly SourceItemInput[]): void {
  const seen = new Map<string, number>();
  const errors = items.flatMap((item, index) => {
    const pair = `${item.sku}\u0000${item.sourceCode}`;
    const first = seen.get(pair);
    if (first === undefined) {
      seen.set(pair, index);
      return [];
    }
    return [
      {
        field: `items.${index}`,
        problems: [`repeats sku "${item.sku}" at source "${item.sourceCode}" of items.${first}`],
      },
    ];
  });
  if (errors.length)
    throw new ApiError(
      HttpStatus.BAD_REQUEST,
      'duplicate_source_item',
      'A source item appears twice',
      errors,
    );
}

async function rejectUnknownSources(tx: EntityManager, items: readonly SourceItemInput[]): Promise<void> {
  const codes = [...new Set(items.map((item) => item.sourceCode))];
  const known: { code: string }[] = await tx.query(`SELECT code FROM sources WHERE code = ANY($1)`, [codes]);
  const knownCodes = new Set(known.map((row) => row.code));
  const errors = items.flatMap((item, index) =>
    knownCodes.has(item.sourceCode)
      ? []
      : [{ field: `items.${index}.sourceCode`, problems: [`source "${item.sourceCode}" does not exist`] }],
  );
  if (errors.length)
    throw new ApiError(HttpStatus.BAD_REQUEST, 'unknown_source', 'Unknown source code', errors);
}
