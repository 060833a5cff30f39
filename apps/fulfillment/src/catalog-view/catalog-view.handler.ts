import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventOf } from '@inventory/contracts';
import {
  UnitOfWork,
  catalogKey,
  claimIfNewer,
  deleteNewerSourceItems,
  newerItems,
} from '@inventory/messaging';
import { EntityManager } from 'typeorm';

const GROUP = 'fulfillment-catalog';
/** The consumer group of these handlers (KafkaEventServer runs one consumer per group). */
const consumer = { group: GROUP };

/**
 * This service's copy of the catalog (inventory.catalog.v1): sources with their coordinates and
 * pickup flag, each stock's source links, and source quantities. Source selection and shipment
 * checks read it; nothing else writes it. Each change applies only when its catalog version is
 * newer than what was applied for that source, stock or source item: an older event delivered
 * again or re-driven from the dead-letter topic changes nothing. Each event is applied once
 * (the inbox), in the transaction of its effect.
 */
@Controller()
export class CatalogViewHandler {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  @EventPattern('SourceSaved', consumer)
  sourceSaved(@Payload() event: EventOf<'SourceSaved'>): Promise<unknown> {
    return this.once(event, async (tx) => {
      if (await claimIfNewer(tx, GROUP, catalogKey.source(event.data.code), event.data.version))
        await saveSource(tx, event.data);
    });
  }

  @EventPattern('StockSaved', consumer)
  stockSaved(@Payload() event: EventOf<'StockSaved'>): Promise<unknown> {
    return this.once(event, async (tx) => {
      if (await claimIfNewer(tx, GROUP, catalogKey.stock(event.data.stockId), event.data.version))
        await saveStockLinks(tx, event.data.stockId, event.data.sourceLinks);
    });
  }

  @EventPattern('StockDeleted', consumer)
  stockDeleted(@Payload() event: EventOf<'StockDeleted'>): Promise<unknown> {
    return this.once(event, async (tx) => {
      if (await claimIfNewer(tx, GROUP, catalogKey.stock(event.data.stockId), event.data.version))
        await saveStockLinks(tx, event.data.stockId, []);
    });
  }

  @EventPattern('SourceItemsSaved', consumer)
  sourceItemsSaved(@Payload() event: EventOf<'SourceItemsSaved'>): Promise<unknown> {
    return this.once(event, (tx) => saveSourceItems(tx, event.data));
  }

  @EventPattern('SourceItemsDeleted', consumer)
  sourceItemsDeleted(@Payload() event: EventOf<'SourceItemsDeleted'>): Promise<unknown> {
    return this.once(event, (tx) => deleteNewerSourceItems(tx, GROUP, event.data));
  }

  private once(
    event: EventOf<'SourceSaved' | 'StockSaved' | 'StockDeleted' | 'SourceItemsSaved' | 'SourceItemsDeleted'>,
    apply: (tx: EntityManager) => Promise<void>,
  ): Promise<unknown> {
    return this.unitOfWork.runOnce(GROUP, event, ({ tx }) => apply(tx));
  }
}

async function saveSource(tx: EntityManager, source: EventOf<'SourceSaved'>['data']): Promise<void> {
  await tx.query(
    `INSERT INTO sources (code, name, enabled, latitude, longitude, is_pickup_location)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (code) DO UPDATE SET name = excluded.name, enabled = excluded.enabled,
       latitude = excluded.latitude, longitude = excluded.longitude,
       is_pickup_location = excluded.is_pickup_location`,
    [
      source.code,
      source.name,
      source.enabled,
      source.latitude ?? null,
      source.longitude ?? null,
      source.isPickupLocation ?? false,
    ],
  );
}

/**
 * The stock's links become these; links it loses stay as former links (a deleted stock loses them
 * all), because orders reserved while they were linked may still ship from them.
 */
async function saveStockLinks(
  tx: EntityManager,
  stockId: number,
  links: EventOf<'StockSaved'>['data']['sourceLinks'],
): Promise<void> {
  const codes = links.map((link) => link.sourceCode);
  await tx.query(
    `UPDATE stock_sources SET former = true, unlinked_at = coalesce(unlinked_at, now())
      WHERE stock_id = $1 AND source_code <> ALL($2)`,
    [stockId, codes],
  );
  await tx.query(
    `INSERT INTO stock_sources (stock_id, source_code, priority, former)
     SELECT $1, *, false FROM unnest($2::text[], $3::int[])
     ON CONFLICT (stock_id, source_code) DO UPDATE SET priority = excluded.priority, former = false,
       unlinked_at = NULL`,
    [stockId, codes, links.map((link) => link.priority)],
  );
}

/**
 * Absolute quantities, of the items whose version is newer than applied. A shipment's own deduction
 * also marks the shipment's lines of this SKU as deducted, in the same transaction, so quantity −
 * pending shipments never counts a unit twice (whether or not its quantities were still newest).
 */
async function saveSourceItems(tx: EntityManager, saved: EventOf<'SourceItemsSaved'>['data']): Promise<void> {
  const items = await newerItems(tx, GROUP, saved.sku, saved.items, saved.version);
  await tx.query(
    `INSERT INTO source_items (sku, source_code, quantity, status)
     SELECT $1, * FROM unnest($2::text[], $3::numeric[], $4::text[])
     ON CONFLICT (sku, source_code) DO UPDATE SET quantity = excluded.quantity, status = excluded.status`,
    [
      saved.sku,
      items.map((item) => item.sourceCode),
      items.map((item) => item.quantity),
      items.map((item) => item.status),
    ],
  );
  if (saved.reason === 'shipment' && saved.shipmentId) {
    await tx.query(`UPDATE shipment_lines SET deducted = true WHERE shipment_id = $1 AND sku = $2`, [
      saved.shipmentId,
      saved.sku,
    ]);
  }
}
