import { Injectable } from '@nestjs/common';
import { StoredSettings, createEvent } from '@inventory/contracts';
import { OutboxEntry, UnitOfWork } from '@inventory/messaging';
import { nextCatalogVersion } from '../catalog-version/catalog-version';
import { overridesOf } from '../settings/settings.service';
import {
  SOURCE_ITEM_COLUMNS,
  SourceItemRow,
  groupBy,
  publishedState,
  toSourceItemView,
} from '../source-items/source-item-store';
import { SourceRow, sourceSaved, toView } from '../sources/sources.service';
import { StocksService } from '../stocks/stocks.service';

const SKUS_PER_TRANSACTION = 1_000;

export interface CatalogRepublished {
  readonly sources: number;
  readonly stocks: number;
  readonly settings: number;
  readonly skus: number;
}

/**
 * Publishes the whole current catalog again on inventory.catalog.v1, as new versions of what it
 * already said: every source, stock and settings scope, and every SKU's source items (reason
 * `republish`). A consumer restored from a backup older than the topic's retention, or a new one,
 * gets every key; one that is up to date applies the same values again. The rows are locked (FOR
 * SHARE) while their version is taken, so a change made meanwhile gets a higher version and wins.
 */
@Injectable()
export class CatalogRepublisher {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly stocks: StocksService,
  ) {}

  async run(
    onProgress: (done: Partial<CatalogRepublished>) => void = () => undefined,
  ): Promise<CatalogRepublished> {
    const sources = await this.unitOfWork.run(async ({ tx, publish }) => {
      const rows: SourceRow[] = await tx.query(`SELECT * FROM sources ORDER BY code FOR SHARE`);
      const version = await nextCatalogVersion(tx);
      for (const row of rows) publish({ event: sourceSaved(toView(row), version), key: row.code });
      return rows.length;
    });
    const stocks = await this.unitOfWork.run(async ({ tx, publish }) => {
      await tx.query(`SELECT id FROM stocks FOR SHARE`);
      const all = await this.stocks.read(tx);
      const version = await nextCatalogVersion(tx);
      for (const stock of all) {
        publish({
          event: createEvent('StockSaved', { ...stock, version }, { source: 'catalog-inventory' }),
          key: String(stock.stockId),
        });
      }
      return all.length;
    });
    const settings = await this.unitOfWork.run(async ({ tx, publish }) => {
      const rows: { scope: string; settings: StoredSettings }[] = await tx.query(
        `SELECT scope, settings FROM inventory_settings ORDER BY scope FOR SHARE`,
      );
      const version = await nextCatalogVersion(tx);
      for (const row of rows) {
        const sku = row.scope.startsWith('sku:') ? row.scope.slice('sku:'.length) : undefined;
        const data = sku
          ? { scope: 'sku' as const, sku, settings: overridesOf(row.settings), version }
          : { scope: 'global' as const, settings: overridesOf(row.settings), version };
        publish({
          event: createEvent('InventorySettingsChanged', data, { source: 'catalog-inventory' }),
          key: sku ?? 'global',
        });
      }
      return rows.length;
    });
    onProgress({ sources, stocks, settings });
    let skus = 0;
    for (let after = ''; ;) {
      const page = await this.unitOfWork.run(async ({ tx, publish }) => {
        const rows: SourceItemRow[] = await tx.query(
          `SELECT ${SOURCE_ITEM_COLUMNS} FROM source_items
            WHERE sku IN (SELECT DISTINCT sku FROM source_items WHERE sku > $1 ORDER BY sku LIMIT $2)
            ORDER BY sku, source_code FOR SHARE`,
          [after, SKUS_PER_TRANSACTION],
        );
        const version = await nextCatalogVersion(tx);
        const entries: OutboxEntry[] = [];
        for (const [sku, items] of groupBy(rows.map(toSourceItemView), (item) => item.sku)) {
          const data = {
            sku,
            items: items.map(publishedState),
            reason: 'republish' as const,
            version,
          };
          entries.push({
            event: createEvent('SourceItemsSaved', data, { source: 'catalog-inventory' }),
            key: sku,
          });
        }
        publish(...entries);
        return { count: entries.length, last: rows.at(-1)?.sku };
      });
      if (!page.last) break;
      skus += page.count;
      after = page.last;
      onProgress({ sources, stocks, settings, skus });
    }
    return { sources, stocks, settings, skus };
  }
}
