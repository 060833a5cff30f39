import { randomUUID } from 'node:crypto';
import { waitFor } from '@inventory/testing';
import { DataSource } from 'typeorm';
import { CatalogApp, startCatalogApp } from '../testing/catalog-app';

jest.setTimeout(60_000);

/** The source-items routes in-process, against a real PostgreSQL database and the real broker. */
describe('source items (real PostgreSQL)', () => {
  let catalog: CatalogApp;
  let dataSource: DataSource;
  const sku = `IT-${randomUUID().slice(0, 8)}`;
  const post = (body: object) => catalog.http().post('/source-items').send(body);
  const stored = async (forSku: string) =>
    (await catalog.http().get(`/source-items?sku=${forSku}`)).body.items;

  beforeAll(async () => {
    catalog = await startCatalogApp('inventory_catalog_it');
    dataSource = catalog.dataSource;
  });

  afterAll(async () => {
    await catalog?.close();
  });

  it('saves quantities and publishes SourceItemsSaved through the outbox', async () => {
    const response = await post({
      items: [{ sku, sourceCode: 'default', quantity: 12.5, status: 'in_stock', notifyStockQty: 10 }],
    });
    expect(response.status).toBe(200);
    expect(await stored(sku)).toEqual([
      {
        sku,
        sourceCode: 'default',
        quantity: 12.5,
        status: 'in_stock',
        notifyStockQty: 10,
        damaged: 0,
        qualityControl: 0,
        safetyStock: 0,
      },
    ]);

    const [row] = await dataSource.query(
      `SELECT event_type, topic, message_key, payload FROM outbox WHERE message_key = $1`,
      [sku],
    );
    expect(row).toMatchObject({
      event_type: 'SourceItemsSaved',
      topic: 'inventory.catalog.v1',
      message_key: sku,
    });
    expect(JSON.parse(row.payload).data).toEqual({
      sku,
      reason: 'manual',
      version: expect.any(Number),
      items: [{ sourceCode: 'default', quantity: 12.5, status: 'in_stock', notifyStockQty: 10 }],
    });
    await waitFor(
      async () => {
        const [{ published }] = await dataSource.query(
          `SELECT bool_and(published_at IS NOT NULL) AS published FROM outbox WHERE message_key = $1`,
          [sku],
        );
        return published ? true : undefined;
      },
      { what: 'the relay to publish the outbox row' },
    );
  });

  it('names every bad field and stores nothing', async () => {
    const response = await post({
      items: [
        { sku: `${sku}-B`, sourceCode: 'default', quantity: 5, status: 'in_stock' },
        { sku: '', sourceCode: 'default', quantity: -1, status: 'gone' },
      ],
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'items.1.sku',
      'items.1.quantity',
      'items.1.status',
    ]);
    expect(await stored(`${sku}-B`)).toEqual([]);
  });

  it('refuses an unknown source without applying the good rows of the request', async () => {
    const response = await post({
      items: [
        { sku: `${sku}-C`, sourceCode: 'default', quantity: 5, status: 'in_stock' },
        { sku: `${sku}-C`, sourceCode: 'atlantis', quantity: 5, status: 'in_stock' },
      ],
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      code: 'unknown_source',
      errors: [{ field: 'items.1.sourceCode', problems: ['source "atlantis" does not exist'] }],
    });
    expect(await stored(`${sku}-C`)).toEqual([]);
  });

  it('refuses the same SKU and source twice in one request', async () => {
    const item = { sku: `${sku}-D`, sourceCode: 'default', quantity: 1, status: 'in_stock' };
    const response = await post({ items: [item, { ...item, quantity: 2 }] });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'duplicate_source_item', errors: [{ field: 'items.1' }] });
  });

  it('answers unknown JSON shapes with 400, not 500', async () => {
    expect((await post({ nope: true })).status).toBe(400);
    expect(
      (await catalog.http().post('/source-items').set('content-type', 'application/json').send('{bad'))
        .status,
    ).toBe(400);
    expect((await catalog.http().get('/source-items')).body).toMatchObject({
      code: 'validation_failed',
    });
  });
});
