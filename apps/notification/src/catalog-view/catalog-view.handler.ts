import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventOf } from '@inventory/contracts';
import {
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
/** The consumer group of these handlers (KafkaEventServer runs one consumer per group). */
const consumer = { group: GROUP };

type CatalogEvent = EventOf<
  'SourceItemsSaved' | 'SourceItemsDeleted' | 'InventorySettingsChanged' | 'StockSaved' | 'StockDeleted'
>;

/**
 * This service's copy of the catalog (inventory.catalog.v1): source items with their notify
 * quantities, settings, and which stock sells through which channel. Every change that can move a
 * source item across its notify quantity recomputes it in the same transaction, and a crossing
 * below publishes LowStockDetected and waits for the next digest. A change applies only when its
 * catalog version is newer than what was applied for that item, settings scope or stock: an older
 * event delivered again or re-driven changes nothing (and announces nothing).
 */
@Controller()
export class CatalogViewHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly recomputer: LowStockRecomputer,
  ) {}

  @EventPattern('SourceItemsSaved', consumer)
  sourceItemsSaved(@Payload() event: EventOf<'SourceItemsSaved'>): Promise<unknown> {
    const { sku, items, version } = event.data;
    return this.once(event, async (scope) => {
      const newest = await newerItems(scope.tx, GROUP, sku, items, version);
      if (!newest.length) return;
      await saveSourceItems(scope.tx, sku, newest);
      await announceCrossings(scope, onlySku(sku));
    });
  }

  @EventPattern('SourceItemsDeleted', consumer)
  sourceItemsDeleted(@Payload() event: EventOf<'SourceItemsDeleted'>): Promise<unknown> {
    return this.once(event, ({ tx }) => deleteNewerSourceItems(tx, GROUP, event.data));
  }

  @EventPattern('InventorySettingsChanged', consumer)
  async settingsChanged(@Payload() event: EventOf<'InventorySettingsChanged'>): Promise<void> {
    const { scope: level, sku, settings, version } = event.data;
    if (level === 'sku' && sku) {
      await this.once(event, async (scope) => {
        if (!(await claimIfNewer(scope.tx, GROUP, catalogKey.settings(sku), version))) return;
        await saveSettings(scope.tx, sku, settings);
        await announceCrossings(scope, onlySku(sku));
      });
      return;
    }
    // Every item may change: done in chunks by the recomputer, not in this transaction.
    await this.once(event, async ({ tx }) => {
      if (!(await claimIfNewer(tx, GROUP, catalogKey.settings(), version))) return;
      await saveSettings(tx, GLOBAL, settings);
      await requestFullRecompute(tx);
    });
    this.recomputer.kick();
  }

  @EventPattern('StockSaved', consumer)
  stockSaved(@Payload() event: EventOf<'StockSaved'>): Promise<unknown> {
    return this.once(event, async ({ tx }) => {
      if (await claimIfNewer(tx, GROUP, catalogKey.stock(event.data.stockId), event.data.version))
        await saveStockChannels(tx, event.data);
    });
  }

  @EventPattern('StockDeleted', consumer)
  stockDeleted(@Payload() event: EventOf<'StockDeleted'>): Promise<unknown> {
    return this.once(event, async ({ tx }) => {
      if (!(await claimIfNewer(tx, GROUP, catalogKey.stock(event.data.stockId), event.data.version))) return;
      await tx.query(`DELETE FROM stock_channels WHERE stock_id = $1`, [event.data.stockId]);
    });
  }

  private once(event: CatalogEvent, apply: (scope: TransactionScope) => Promise<void>): Promise<unknown> {
    return this.unitOfWork.runOnce(GROUP, event, apply);
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
