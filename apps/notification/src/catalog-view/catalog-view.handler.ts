import { Injectable } from '@nestjs/common';
import { EventOf, IntegrationEvent, TOPICS } from '@inventory/contracts';
import { ConsumeEvents, IntegrationEventHandler, TransactionScope, UnitOfWork } from '@inventory/messaging';
import { EntityManager } from 'typeorm';
import { crossingsIn, lowStockDetected } from '../low-stock/low-stock';
import {
  GLOBAL,
  recomputeLowStock,
  recordCrossings,
  saveSettings,
  saveSourceItems,
} from '../low-stock/low-stock-store';

const GROUP = 'notification-catalog';

/**
 * This service's copy of the catalog (inventory.catalog.v1): source items with their notify
 * quantities, settings, and which stock sells through which channel. Every change that can move a
 * source item across its notify quantity recomputes it in the same transaction, and a crossing
 * below publishes LowStockDetected and waits for the next digest.
 */
@Injectable()
@ConsumeEvents({ groupId: GROUP, topics: [TOPICS.catalog] })
export class CatalogViewHandler implements IntegrationEventHandler {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async handle(event: IntegrationEvent): Promise<void> {
    const apply = this.effectOf(event);
    if (apply) await this.unitOfWork.runOnce(GROUP, event, apply);
  }

  private effectOf(event: IntegrationEvent): ((scope: TransactionScope) => Promise<void>) | undefined {
    switch (event.type) {
      case 'SourceItemsSaved': {
        const { sku, items } = event.data;
        return async (scope) => {
          await saveSourceItems(scope.tx, sku, items);
          await announceCrossings(scope, sku);
        };
      }
      case 'SourceItemsDeleted':
        return async ({ tx }) =>
          void (await tx.query(`DELETE FROM source_items WHERE sku = $1 AND source_code = ANY($2)`, [
            event.data.sku,
            event.data.sourceCodes,
          ]));
      case 'InventorySettingsChanged': {
        const { scope: level, sku, settings } = event.data;
        return async (scope) => {
          await saveSettings(scope.tx, level === 'global' ? GLOBAL : (sku as string), settings);
          await announceCrossings(scope, level === 'global' ? 'all' : (sku as string));
        };
      }
      case 'StockSaved':
        return ({ tx }) => saveStockChannels(tx, event.data);
      case 'StockDeleted':
        return async ({ tx }) =>
          void (await tx.query(`DELETE FROM stock_channels WHERE stock_id = $1`, [event.data.stockId]));
      default:
        return undefined;
    }
  }
}

async function announceCrossings({ tx, publish }: TransactionScope, sku: string | 'all'): Promise<void> {
  const crossings = crossingsIn(await recomputeLowStock(tx, sku));
  await recordCrossings(tx, crossings);
  publish(...crossings.map(lowStockDetected));
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
