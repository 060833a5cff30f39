import { randomUUID } from 'node:crypto';
import { EventData, IntegrationEvent, createEvent } from '@inventory/contracts';
import { InProcessApp } from '@inventory/testing';
import { startFulfillmentApp } from '../testing/fulfillment-app';
import { linkedSources, sourceStock } from './catalog-view';
import { EventSubscription, KafkaEventServer } from '@inventory/messaging';

jest.setTimeout(60_000);

type CatalogType = 'SourceItemsSaved' | 'SourceItemsDeleted' | 'StockSaved' | 'StockDeleted' | 'SourceSaved';
const catalog = <T extends CatalogType>(type: T, data: EventData<T>) =>
  createEvent(type, data, { source: 'catalog-inventory' }) as IntegrationEvent;

/** The catalog view against real PostgreSQL, fed through its @EventPattern handlers as the consumer would. */
describe("fulfillment's catalog view", () => {
  let fulfillment: InProcessApp;
  let handler: EventSubscription;
  const sku = `CV-${randomUUID().slice(0, 8)}`;
  const saved = (quantity: number, version: number) =>
    catalog('SourceItemsSaved', {
      sku,
      items: [{ sourceCode: 'default', quantity, status: 'in_stock', notifyStockQty: null }],
      reason: 'manual',
      version,
    });
  const deliver = (event: IntegrationEvent) =>
    handler.handle(event, { topic: 'inventory.catalog.v1', partition: 0, offset: '0', key: null });
  const onHand = async () =>
    (await sourceStock(fulfillment.dataSource.manager, [sku])).get(`${sku}\u0000default`)?.onHand;

  beforeAll(async () => {
    fulfillment = await startFulfillmentApp('inventory_fulfillment_catalog_view_it');
    // The consumer group's subscription, as KafkaEventServer hands it to the Kafka consumer.
    handler = fulfillment.app.get(KafkaEventServer).subscription('fulfillment-catalog');
  });

  afterAll(async () => {
    await fulfillment?.close();
  });

  it('keeps the newest quantity when an older save arrives after it (a re-drive)', async () => {
    await deliver(saved(5, 10));
    await deliver(saved(9, 12));
    await deliver(saved(5, 10)); // the first one again, under its own event id
    await deliver(saved(1, 11)); // an older one, never applied
    expect(await onHand()).toBe(9);
    await deliver(catalog('SourceItemsDeleted', { sku, sourceCodes: ['default'], version: 13 }));
    await deliver(saved(9, 12));
    expect(await onHand()).toBeUndefined();
  });

  it('keeps the links a stock loses, or all of a deleted one, as former links shipments may use', async () => {
    const stockId = 4_000 + Math.floor(Math.random() * 1_000);
    const stock = (codes: string[], version: number) =>
      catalog('StockSaved', {
        stockId,
        name: 'Former',
        sourceLinks: codes.map((sourceCode, priority) => ({ sourceCode, priority })),
        salesChannels: [`ch-${stockId}`],
        version,
      });
    const db = fulfillment.dataSource.manager;
    // An order placed before the unlinking may ship from the former links; one placed after, not.
    const before = new Date(Date.now() - 60_000);
    const codes = async (former: boolean) =>
      (await linkedSources(db, stockId, former ? { placedAt: before } : {})).map(
        (source) => source.sourceCode,
      );
    await deliver(catalog('SourceSaved', { code: 'east-cv', name: 'East', enabled: true, version: 20 }));
    await deliver(stock(['default', 'east-cv'], 21));
    await deliver(stock(['default'], 22));
    expect(await codes(false)).toEqual(['default']);
    expect(await codes(true)).toEqual(['default', 'east-cv']);
    await deliver(catalog('StockDeleted', { stockId, version: 23 }));
    await deliver(stock(['default', 'east-cv'], 21)); // re-driven: older than the delete
    expect(await codes(false)).toEqual([]);
    expect(await codes(true)).toEqual(['default', 'east-cv']);
    const placedLater = await linkedSources(db, stockId, { placedAt: new Date(Date.now() + 60_000) });
    expect(placedLater).toEqual([]);
  });
});
