import { CatalogApp, outboxEvents, startCatalogApp } from '../testing/catalog-app';

jest.setTimeout(60_000);

/** A source item's held states when none was ever set. */
const NOTHING_HELD = { damaged: 0, qualityControl: 0, safetyStock: 0 };

describe('source item operations (real PostgreSQL)', () => {
  let catalog: CatalogApp;
  const items = async (sku: string) => (await catalog.http().get(`/source-items?sku=${sku}`)).body.items;

  beforeAll(async () => {
    catalog = await startCatalogApp('inventory_catalog_items_it');
    await catalog.http().put('/sources/east').send({ name: 'East', enabled: true }).expect(201);
  });

  afterAll(async () => {
    await catalog?.close();
  });

  it('saves many SKUs and sources in one call, one SourceItemsSaved per SKU', async () => {
    await catalog
      .http()
      .post('/source-items')
      .send({
        items: [
          { sku: 'A', sourceCode: 'default', quantity: 10, status: 'in_stock' },
          { sku: 'A', sourceCode: 'east', quantity: 5, status: 'in_stock', notifyStockQty: 2 },
          { sku: 'B', sourceCode: 'default', quantity: 1, status: 'in_stock' },
        ],
      })
      .expect(200);
    const [event] = await outboxEvents(catalog.dataSource, 'SourceItemsSaved', 'A');
    expect(event.data).toEqual({
      sku: 'A',
      reason: 'manual',
      version: expect.any(Number),
      items: [
        { sourceCode: 'default', quantity: 10, status: 'in_stock', notifyStockQty: null },
        { sourceCode: 'east', quantity: 5, status: 'in_stock', notifyStockQty: 2 },
      ],
    });
  });

  it('marks a source item at quantity 0 out of stock when backorders are off, not when they are on', async () => {
    await catalog
      .http()
      .post('/source-items')
      .send({ items: [{ sku: 'Z', sourceCode: 'default', quantity: 0, status: 'in_stock' }] });
    expect((await items('Z'))[0].status).toBe('out_of_stock');
    await catalog.http().put('/products/Z/settings').send({ backorders: 'allow' }).expect(200);
    await catalog
      .http()
      .post('/source-items')
      .send({ items: [{ sku: 'Z', sourceCode: 'default', quantity: 0, status: 'in_stock' }] });
    expect((await items('Z'))[0].status).toBe('in_stock');
  });

  it('refuses negative quantities', async () => {
    const response = await catalog
      .http()
      .post('/source-items')
      .send({ items: [{ sku: 'A', sourceCode: 'default', quantity: -1, status: 'in_stock' }] });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].field).toBe('items.0.quantity');
  });

  it('transfers quantity between two sources atomically, assigning the target when needed', async () => {
    await catalog
      .http()
      .post('/source-items')
      .send({ items: [{ sku: 'T', sourceCode: 'default', quantity: 10, status: 'in_stock' }] });
    const moved = await catalog
      .http()
      .post('/source-items/transfer')
      .send({ sku: 'T', fromSourceCode: 'default', toSourceCode: 'east', qty: 4 });
    expect(moved.status).toBe(200);
    expect(await items('T')).toEqual([
      {
        sku: 'T',
        sourceCode: 'default',
        quantity: 6,
        status: 'in_stock',
        notifyStockQty: null,
        ...NOTHING_HELD,
      },
      {
        sku: 'T',
        sourceCode: 'east',
        quantity: 4,
        status: 'in_stock',
        notifyStockQty: null,
        ...NOTHING_HELD,
      },
    ]);
    const events = await outboxEvents(catalog.dataSource, 'SourceItemsSaved', 'T');
    expect(events[events.length - 1].data).toMatchObject({
      reason: 'transfer',
      items: [{ quantity: 6 }, { quantity: 4 }],
    });
  });

  it('refuses a transfer of more than the source has, or from an unknown source, and moves nothing', async () => {
    const tooMuch = await catalog
      .http()
      .post('/source-items/transfer')
      .send({ sku: 'T', fromSourceCode: 'default', toSourceCode: 'east', qty: 7 });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body).toMatchObject({ code: 'insufficient_quantity', errors: [{ field: 'qty' }] });
    const unknown = await catalog
      .http()
      .post('/source-items/transfer')
      .send({ sku: 'T', fromSourceCode: 'default', toSourceCode: 'moon', qty: 1 });
    expect(unknown.body).toMatchObject({ code: 'unknown_source', errors: [{ field: 'toSourceCode' }] });
    expect((await items('T')).map((i: { quantity: number }) => i.quantity)).toEqual([6, 4]);
  });

  it('unassigns in bulk, all or nothing, and publishes SourceItemsDeleted', async () => {
    const missing = await catalog
      .http()
      .delete('/source-items')
      .send({
        items: [
          { sku: 'A', sourceCode: 'east' },
          { sku: 'A', sourceCode: 'nowhere' },
        ],
      });
    expect(missing.status).toBe(404);
    expect(missing.body.errors[0].field).toBe('items.1');
    expect(await items('A')).toHaveLength(2);

    await catalog
      .http()
      .delete('/source-items')
      .send({ items: [{ sku: 'A', sourceCode: 'east' }] })
      .expect(200);
    expect((await items('A')).map((i: { sourceCode: string }) => i.sourceCode)).toEqual(['default']);
    const [deleted] = await outboxEvents(catalog.dataSource, 'SourceItemsDeleted', 'A');
    expect(deleted.data).toEqual({ sku: 'A', sourceCodes: ['east'], version: expect.any(Number) });
  });

  it('lists products a page at a time, each with its quantity at every source', async () => {
    await catalog
      .http()
      .post('/source-items')
      .send({
        items: [
          { sku: 'GRID-1', sourceCode: 'east', quantity: 4, status: 'in_stock' },
          { sku: 'GRID-1', sourceCode: 'default', quantity: 3, status: 'in_stock', notifyStockQty: 5 },
          { sku: 'GRID-2', sourceCode: 'default', quantity: 0, status: 'out_of_stock' },
          { sku: 'GRID-3', sourceCode: 'east', quantity: 9, status: 'in_stock' },
        ],
      })
      .expect(200);
    const first = await catalog.http().get('/products?skuPrefix=GRID-&limit=2').expect(200);
    expect(first.body).toEqual({
      total: 3,
      items: [
        {
          sku: 'GRID-1',
          sources: [
            { sourceCode: 'default', quantity: 3, status: 'in_stock', notifyStockQty: 5, ...NOTHING_HELD },
            { sourceCode: 'east', quantity: 4, status: 'in_stock', notifyStockQty: null, ...NOTHING_HELD },
          ],
        },
        {
          sku: 'GRID-2',
          sources: [
            {
              sourceCode: 'default',
              quantity: 0,
              status: 'out_of_stock',
              notifyStockQty: null,
              ...NOTHING_HELD,
            },
          ],
        },
      ],
    });
    const second = await catalog.http().get('/products?skuPrefix=GRID-&limit=2&offset=2').expect(200);
    expect(second.body.items.map((p: { sku: string }) => p.sku)).toEqual(['GRID-3']);
    const bad = await catalog.http().get('/products?skuPrefix=GRID%25').expect(400);
    expect(bad.body.errors[0].field).toBe('skuPrefix');
  });
});
