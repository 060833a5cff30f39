import { Injectable } from '@nestjs/common';
import { EventOf, IntegrationEvent, TOPICS } from '@inventory/contracts';
import { ConsumeEvents, IntegrationEventHandler, UnitOfWork } from '@inventory/messaging';
import { EntityManager } from 'typeorm';

const GROUP = 'fulfillment-catalog';

/**
 * This service's copy of the catalog (inventory.catalog.v1): sources with their coordinates and
 * pickup flag, each stock's source links, and source quantities. Source selection and shipment
 * checks read it; nothing else writes it.
 */
@Injectable()
@ConsumeEvents({ groupId: GROUP, topics: [TOPICS.catalog] })
export class CatalogViewHandler implements IntegrationEventHandler {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async handle(event: IntegrationEvent): Promise<void> {
    const apply = this.effectOf(event);
    if (apply) await this.unitOfWork.runOnce(GROUP, event, ({ tx }) => apply(tx));
  }

  private effectOf(event: IntegrationEvent): ((tx: EntityManager) => Promise<void>) | undefined {
    switch (event.type) {
      case 'SourceSaved':
        return (tx) => saveSource(tx, event.data);
      case 'StockSaved':
        return (tx) => saveStockLinks(tx, event.data);
      case 'StockDeleted':
        return async (tx) =>
          void (await tx.query(`DELETE FROM stock_sources WHERE stock_id = $1`, [event.data.stockId]));
      case 'SourceItemsSaved':
        return (tx) => saveSourceItems(tx, event.data);
      case 'SourceItemsDeleted':
        return async (tx) =>
          void (await tx.query(`DELETE FROM source_items WHERE sku = $1 AND source_code = ANY($2)`, [
            event.data.sku,
            event.data.sourceCodes,
          ]));
      default:
        return undefined;
    }
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

async function saveStockLinks(tx: EntityManager, stock: EventOf<'StockSaved'>['data']): Promise<void> {
  await tx.query(`DELETE FROM stock_sources WHERE stock_id = $1`, [stock.stockId]);
  await tx.query(
    `INSERT INTO stock_sources (stock_id, source_code, priority) SELECT $1, * FROM unnest($2::text[], $3::int[])`,
    [
      stock.stockId,
      stock.sourceLinks.map((link) => link.sourceCode),
      stock.sourceLinks.map((link) => link.priority),
    ],
  );
}

/**
 * Absolute quantities. A shipment's own deduction also marks the shipment's lines of this SKU as
 * deducted, in the same transaction, so quantity − pending shipments never counts a unit twice.
 */
async function saveSourceItems(tx: EntityManager, saved: EventOf<'SourceItemsSaved'>['data']): Promise<void> {
  await tx.query(
    `INSERT INTO source_items (sku, source_code, quantity, status)
     SELECT $1, * FROM unnest($2::text[], $3::numeric[], $4::text[])
     ON CONFLICT (sku, source_code) DO UPDATE SET quantity = excluded.quantity, status = excluded.status`,
    [
      saved.sku,
      saved.items.map((item) => item.sourceCode),
      saved.items.map((item) => item.quantity),
      saved.items.map((item) => item.status),
    ],
  );
  if (saved.reason === 'shipment' && saved.shipmentId) {
    await tx.query(`UPDATE shipment_lines SET deducted = true WHERE shipment_id = $1 AND sku = $2`, [
      saved.shipmentId,
      saved.sku,
    ]);
  }
}
