import { CatalogApp, outboxEvents, startCatalogApp } from '../testing/catalog-app';

jest.setTimeout(60_000);

describe('sources and stocks (real PostgreSQL)', () => {
  let catalog: CatalogApp;

  beforeAll(async () => {
    catalog = await startCatalogApp('inventory_catalog_stocks_it');
  });

  afterAll(async () => {
    await catalog?.close();
  });

  it('has the Default Source and the Default Stock with the base channel on a fresh database', async () => {
    const source = await catalog.http().get('/sources/default');
    expect(source.status).toBe(200);
    expect(source.body).toMatchObject({ code: 'default', name: 'Default Source', enabled: true });
    const stock = await catalog.http().get('/stocks/1');
    expect(stock.body).toEqual({
      stockId: 1,
      name: 'Default Stock',
      sourceLinks: [{ sourceCode: 'default', priority: 1 }],
      salesChannels: ['base'],
    });
  });

  it('creates (201) and replaces (200) a source and publishes SourceSaved each time', async () => {
    const body = {
      name: 'East',
      enabled: true,
      latitude: 40.7128,
      longitude: -74.006,
      isPickupLocation: true,
    };
    const created = await catalog.http().put('/sources/warehouse-east').send(body);
    expect(created.status).toBe(201);
    const replaced = await catalog
      .http()
      .put('/sources/warehouse-east')
      .send({ ...body, enabled: false, address: { city: 'NYC' } });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ code: 'warehouse-east', enabled: false, address: { city: 'NYC' } });
    const events = await outboxEvents(catalog.dataSource, 'SourceSaved', 'warehouse-east');
    expect(events.map((e) => e.data.enabled)).toEqual([true, false]);
    const list = await catalog.http().get('/sources');
    expect(list.body.items.map((s: { code: string }) => s.code)).toEqual(['default', 'warehouse-east']);
  });

  it('names bad source fields and refuses unknown ones', async () => {
    const response = await catalog
      .http()
      .put('/sources/bad')
      .send({ name: '', enabled: 'yes', latitude: 123, color: 'red' });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'color',
      'enabled',
      'latitude',
      'name',
    ]);
    expect((await catalog.http().get('/sources/bad')).status).toBe(404);
  });

  it('saves a stock with ordered source links and its channels, and publishes StockSaved', async () => {
    await catalog.http().put('/sources/store-nyc').send({ name: 'NYC store', enabled: true });
    const response = await catalog
      .http()
      .put('/stocks/2')
      .send({
        name: 'US',
        sourceLinks: [
          { sourceCode: 'store-nyc', priority: 2 },
          { sourceCode: 'warehouse-east', priority: 1 },
        ],
        salesChannels: ['us-web', 'us-app'],
      });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      stockId: 2,
      name: 'US',
      sourceLinks: [
        { sourceCode: 'warehouse-east', priority: 1 },
        { sourceCode: 'store-nyc', priority: 2 },
      ],
      salesChannels: ['us-app', 'us-web'],
    });
    const [event] = await outboxEvents(catalog.dataSource, 'StockSaved', '2');
    expect(event.data).toEqual({ ...response.body, version: expect.any(Number) });
  });

  it('with If-None-Match: * only creates: a taken id is a 412 naming it, and the stock is unchanged', async () => {
    const replace = await catalog
      .http()
      .put('/stocks/1')
      .set('if-none-match', '*')
      .send({ name: 'Not the default', sourceLinks: [], salesChannels: ['elsewhere'] });
    expect(replace.status).toBe(412);
    expect(replace.body).toMatchObject({ code: 'stock_exists', errors: [{ field: 'id' }] });
    expect((await catalog.http().get('/stocks/1')).body).toMatchObject({
      name: 'Default Stock',
      salesChannels: ['base'],
    });
    const created = await catalog
      .http()
      .put('/stocks/30')
      .set('if-none-match', '*')
      .send({ name: 'New', sourceLinks: [], salesChannels: [] });
    expect(created.status).toBe(201);
    expect((await catalog.http().delete('/stocks/30')).status).toBe(204);
  });

  it('answers 409 naming the owner when a channel belongs to another stock, and changes nothing', async () => {
    const response = await catalog
      .http()
      .put('/stocks/3')
      .send({
        name: 'EU',
        sourceLinks: [{ sourceCode: 'default', priority: 1 }],
        salesChannels: ['eu-web', 'base'],
      });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({
      code: 'sales_channel_taken',
      errors: [{ field: 'salesChannels.1', problems: ['sales channel "base" already belongs to stock 1'] }],
    });
    expect((await catalog.http().get('/stocks/3')).status).toBe(404);
  });

  it('keeps the Default Stock with at least one channel, and moves a channel once its stock lets it go', async () => {
    const emptied = await catalog
      .http()
      .put('/stocks/1')
      .send({ name: 'Default Stock', sourceLinks: [], salesChannels: [] });
    expect(emptied.status).toBe(409);
    expect(emptied.body.code).toBe('default_stock_needs_channel');

    await catalog
      .http()
      .put('/stocks/2')
      .send({
        name: 'US',
        sourceLinks: [{ sourceCode: 'warehouse-east', priority: 1 }],
        salesChannels: ['us-web'],
      });
    const moved = await catalog
      .http()
      .put('/stocks/3')
      .send({
        name: 'Apps',
        sourceLinks: [{ sourceCode: 'store-nyc', priority: 1 }],
        salesChannels: ['us-app'],
      });
    expect(moved.status).toBe(201);
    expect(
      (await catalog.http().get('/stocks')).body.items.map((s: { stockId: number }) => s.stockId),
    ).toEqual([1, 2, 3]);
  });

  it('refuses unknown sources and duplicate entries in a stock, field by field', async () => {
    const response = await catalog
      .http()
      .put('/stocks/4')
      .send({
        name: 'Bad',
        sourceLinks: [
          { sourceCode: 'nowhere', priority: 1 },
          { sourceCode: 'default', priority: -1 },
        ],
        salesChannels: ['x'],
      });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['sourceLinks.1.priority']);
    const unknown = await catalog
      .http()
      .put('/stocks/4')
      .send({
        name: 'Bad',
        sourceLinks: [{ sourceCode: 'nowhere', priority: 1 }],
        salesChannels: ['x', 'x'],
      });
    expect(unknown.body).toMatchObject({ code: 'duplicate_entry', errors: [{ field: 'salesChannels.1' }] });
    const unknownSource = await catalog
      .http()
      .put('/stocks/4')
      .send({ name: 'Bad', sourceLinks: [{ sourceCode: 'nowhere', priority: 1 }], salesChannels: ['x'] });
    expect(unknownSource.body).toMatchObject({
      code: 'unknown_source',
      errors: [{ field: 'sourceLinks.0.sourceCode' }],
    });
    expect((await catalog.http().get('/stocks/4')).status).toBe(404);
  });

  it('deletes a stock only once it sells through no channel, never the Default Stock', async () => {
    expect((await catalog.http().delete('/stocks/1')).body.code).toBe('default_stock_undeletable');
    expect((await catalog.http().delete('/stocks/99')).status).toBe(404);
    await catalog
      .http()
      .put('/stocks/5')
      .send({
        name: 'Pop-up',
        sourceLinks: [{ sourceCode: 'default', priority: 1 }],
        salesChannels: ['popup'],
      })
      .expect(201);

    const selling = await catalog.http().delete('/stocks/5');
    expect(selling.status).toBe(409);
    expect(selling.body).toMatchObject({
      code: 'stock_has_sales_channels',
      errors: [{ field: 'salesChannels' }],
    });
    expect((await catalog.http().get('/stocks/5')).body.sourceLinks).toHaveLength(1);

    await catalog
      .http()
      .put('/stocks/5')
      .send({ name: 'Pop-up', sourceLinks: [], salesChannels: [] })
      .expect(200);
    await catalog.http().delete('/stocks/5').expect(204);
    expect((await catalog.http().get('/stocks/5')).status).toBe(404);
    const deleted = await outboxEvents(catalog.dataSource, 'StockDeleted', '5');
    expect(deleted.map((event) => event.data)).toEqual([{ stockId: 5, version: expect.any(Number) }]);
    // Each change of the stock carries a higher catalog version than the one before.
    const saved = await outboxEvents(catalog.dataSource, 'StockSaved', '5');
    expect(deleted[0].data.version).toBeGreaterThan(saved[saved.length - 1].data.version);
  });
});
