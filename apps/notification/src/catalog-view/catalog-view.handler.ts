import { Injectable } from '@nestjs/common';
import { EventOf, IntegrationEvent, TOPICS } from '@inventory/contracts';
import {
  ConsumeEvents,
  IntegrationEventHandler,
  TransactionScope,
  UnitOfWork,
  catalogKey,
  claimIfNewer,
  deleteNewerSourceItems,
  newerItems,
} from '@inventory/messaging';
import { EntityManager } from 'typeorm';
import {
  LowStockRecomputer,
  announceCrossings,
  requestFullRecompute,
} from '../low-stock/low-stock-recompute';
import { GLOBAL, onlySku, saveSettings, saveSourceItems } from '../low-stock/low-stock-store';

const GROUP = 'notification-catalog';

/**
 * This service's copy of the catalog (inventory.catalog.v1): source items with their notify
 * quantities, settings, and which stock sells through which channel. Every change that can move a
 * source item across its notify quantity recomputes it in the same transaction, and a crossing
 * below publishes LowStockDetected and waits for the next digest. A change applies only when its
 * catalog version is newer than what was applied for that item, settings scope or stock: an older
 * event delivered again or re-driven changes nothing (and announces nothing).
 */
@Injectable()
@ConsumeEvents({ groupId: GROUP, topics: [TOPICS.catalog] })
export class CatalogViewHandler implements IntegrationEventHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly recomputer: LowStockRecomputer,
  ) {}

  async handle(event: IntegrationEvent): Promise<void> {
    const apply = this.effectOf(event);
    if (!apply) return;
    await this.unitOfWork.runOnce(GROUP, event, apply);
    if (event.type === 'InventorySettingsChanged' && event.data.scope === 'global') this.recomputer.kick();
  }

  private effectOf(event: IntegrationEvent): ((scope: TransactionScope) => Promise<void>) | undefined {
    switch (event.type) {
      case 'SourceItemsSaved': {
        const { sku, items, version } = event.data;
        return async (scope) => {
          const newest = await newerItems(scope.tx, GROUP, sku, items, version);
          if (!newest.length) return;
          await saveSourceItems(scope.tx, sku, newest);
          await announceCrossings(scope, onlySku(sku));
        };
      }
      case 'SourceItemsDeleted':
        return ({ tx }) => deleteNewerSourceItems(tx, GROUP, event.data);
      case 'InventorySettingsChanged': {
        const { scope: level, sku, settings, version } = event.data;
        if (level === 'sku' && sku) {
          return async (scope) => {
            if (!(await claimIfNewer(scope.tx, GROUP, catalogKey.settings(sku), version))) return;
            await saveSettings(scope.tx, sku, settings);
            await announceCrossings(scope, onlySku(sku));
          };
        }
        // Every item may change: done in chunks by the recomputer, not in this transaction.
        return async ({ tx }) => {
          if (!(await claimIfNewer(tx, GROUP, catalogKey.settings(), version))) return;
          await saveSettings(tx, GLOBAL, settings);
          await requestFullRecompute(tx);
        };
      }
      case 'StockSaved':
        return async ({ tx }) => {
          if (await claimIfNewer(tx, GROUP, catalogKey.stock(event.data.stockId), event.data.version))
            await saveStockChannels(tx, event.data);
        };
      case 'StockDeleted':
        return async ({ tx }) => {
          if (!(await claimIfNewer(tx, GROUP, catalogKey.stock(event.data.stockId), event.data.version)))
            return;
          await tx.query(`DELETE FROM stock_channels WHERE stock_id = $1`, [event.data.stockId]);
        };
      default:
        return undefined;
    }
  }
}

/** A channel belongs to one stock: the stock's list replaces what it had. */
async function saveStockChannels(tx: EntityManager, stock: EventOf<'StockSaved'>['data']): Promise<void> {
  await tx.query(`DELETE FROM stock_channels WHERE stock_id = $1 AND sales_channel <> ALL($2)`, [
    stock.stockId,
    stock.salesChannels,
  ]);
  await tx.query(
    `INSERT INTO stock_channels (sales_channel, stock_id) SELECT unnest($2::text[]), $1
     ON CONFLICT (sales_channel) DO UPDATE SET stock_id = excluded.stock_id`,
    [stock.stockId, stock.salesChannels],
  );
}
