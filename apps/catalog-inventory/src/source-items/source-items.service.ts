import { HttpStatus, Injectable } from '@nestjs/common';
import { FieldError, createEvent, pairKey } from '@inventory/contracts';
import { UnitOfWork } from '@inventory/messaging';
import { ApiError } from '@inventory/service-runtime';
import { DataSource } from 'typeorm';
import { rejectUnknownSources } from '../sources/known-sources';
import { nextCatalogVersion } from '../catalog-version/catalog-version';
import {
  SOURCE_ITEM_COLUMNS,
  groupBy,
  lockSourceItems,
  logMovements,
  movementsOf,
  newSourceItem,
  saveSourceItems,
  toSourceItemView,
} from './source-item-store';
import { SourceItemInput, SourceItemKey, SourceItemView, TransferRequest } from './source-items.dto';

@Injectable()
export class SourceItemsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly dataSource: DataSource,
  ) {}

  /** Upserts quantities and publishes one SourceItemsSaved per SKU, all in one transaction. */
  async save(items: readonly SourceItemInput[]): Promise<SourceItemView[]> {
    rejectRepeatedPairs(items);
    return this.unitOfWork.run(async (scope) => {
      await rejectUnknownSources(
        scope.tx,
        items.map((item, index) => ({ code: item.sourceCode, field: `items.${index}.sourceCode` })),
      );
      const views = items.map((item) => ({ ...item, notifyStockQty: item.notifyStockQty ?? null }));
      return saveSourceItems(scope, views, { reason: 'manual' });
    });
  }

  async findBySku(sku: string): Promise<SourceItemView[]> {
    const rows = await this.dataSource.query(
      `SELECT ${SOURCE_ITEM_COLUMNS} FROM source_items WHERE sku = $1 ORDER BY source_code`,
      [sku],
    );
    return rows.map(toSourceItemView);
  }

  /** Removes SKUs from sources; every pair must be assigned, or nothing is removed. */
  async unassign(items: readonly SourceItemKey[]): Promise<void> {
    rejectRepeatedPairs(items);
    await this.unitOfWork.run(async ({ tx, publish }) => {
      const existing = await lockSourceItems(tx, items);
      const missing = items.flatMap((item, index) =>
        existing.has(pairKey(item.sku, item.sourceCode))
          ? []
          : [
              {
                field: `items.${index}`,
                problems: [`sku "${item.sku}" is not assigned to source "${item.sourceCode}"`],
              },
            ],
      );
      if (missing.length)
        throw ApiError.forFields(HttpStatus.NOT_FOUND, 'source_item_not_found', 'Not assigned', missing);
      // What the removed items held leaves the log too, so the log and the quantities agree.
      const removed = [...existing.values()];
      await logMovements(
        tx,
        movementsOf(
          existing,
          removed.map((item) => ({ ...newSourceItem(item.sku, item.sourceCode), status: item.status })),
          { cause: 'unassign', reason: 'unassign', referenceDocument: null, documentId: null, note: null },
        ),
      );
      await tx.query(
        `DELETE FROM source_items s USING unnest($1::text[], $2::text[]) AS p(sku, source_code)
          WHERE s.sku = p.sku AND s.source_code = p.source_code`,
        [items.map((item) => item.sku), items.map((item) => item.sourceCode)],
      );
      const version = await nextCatalogVersion(tx);
      for (const [sku, skuItems] of groupBy(items, (item) => item.sku)) {
        const data = { sku, sourceCodes: skuItems.map((item) => item.sourceCode), version };
        publish({
          event: createEvent('SourceItemsDeleted', data, { source: 'catalog-inventory' }),
          key: sku,
        });
      }
    });
  }

  /** Moves quantity between two sources of a SKU atomically; the target is assigned if it was not. */
  async transfer(request: TransferRequest): Promise<SourceItemView[]> {
    const { sku, fromSourceCode, toSourceCode, qty } = request;
    if (fromSourceCode === toSourceCode) {
      throw ApiError.forFields(HttpStatus.BAD_REQUEST, 'same_source', 'Nothing to transfer', [
        { field: 'toSourceCode', problems: ['must differ from fromSourceCode'] },
      ]);
    }
    return this.unitOfWork.run(async (scope) => {
      await rejectUnknownSources(scope.tx, [
        { code: fromSourceCode, field: 'fromSourceCode' },
        { code: toSourceCode, field: 'toSourceCode' },
      ]);
      const items = await lockSourceItems(scope.tx, [
        { sku, sourceCode: fromSourceCode },
        { sku, sourceCode: toSourceCode },
      ]);
      const from = items.get(pairKey(sku, fromSourceCode));
      if (!from)
        throw ApiError.notFound(
          'source_item_not_found',
          `SKU "${sku}" is not assigned to source "${fromSourceCode}"`,
        );
      if (from.quantity < qty) {
        throw ApiError.forFields(
          HttpStatus.CONFLICT,
          'insufficient_quantity',
          'Not enough quantity to transfer',
          [
            {
              field: 'qty',
              problems: [`source "${fromSourceCode}" has ${from.quantity} of "${sku}", fewer than ${qty}`],
            },
          ],
        );
      }
      const to = items.get(pairKey(sku, toSourceCode)) ?? newSourceItem(sku, toSourceCode);
      const moved = [
        { ...from, quantity: from.quantity - qty },
        { ...to, quantity: to.quantity + qty, status: to.quantity <= 0 ? ('in_stock' as const) : to.status },
      ];
      return saveSourceItems(scope, moved, { reason: 'transfer', decidedOn: items });
    });
  }
}

function rejectRepeatedPairs(items: readonly { sku: string; sourceCode: string }[]): void {
  const seen = new Map<string, number>();
  const errors = items.flatMap((item, index): FieldError[] => {
    const pair = pairKey(item.sku, item.sourceCode);
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
    throw ApiError.forFields(
      HttpStatus.BAD_REQUEST,
      'duplicate_source_item',
      'A source item appears twice',
      errors,
    );
}
