import { UnitOfWork } from '@inventory/messaging';
import { waitFor } from '@inventory/testing';
import { StocksService } from '../stocks/stocks.service';
import { CatalogApp, outboxEvents, startCatalogApp } from '../testing/catalog-app';
import { CatalogRepublisher } from './catalog-republisher';

jest.setTimeout(60_000);

describe('republishing the catalog (real PostgreSQL)', () => {
  let catalog: CatalogApp;

  beforeAll(async () => {
    catalog = await startCatalogApp('inventory_catalog_republish_it');
    // Closed before its consumer joined, kafkajs would still be joining after the test.
    await waitFor(async () => ((await catalog.http().get('/health')).status === 200 ? true : undefined), {
      what: 'the catalog consumer to join its group',
    });
  });

  afterAll(async () => {
    await catalog?.close();
  });

  it('says every source, stock, settings scope and SKU again, as newer versions of the same values', async () => {
    const http = catalog.http();
    await http.put('/sources/east').send({ name: 'East', enabled: true }).expect(201);
    await http
      .put('/stocks/2')
      .send({ name: 'EU', sourceLinks: [{ sourceCode: 'east', priority: 1 }], salesChannels: ['eu'] })
      .expect(201);
    await http.put('/settings').send({ stockThresholdQty: 2 }).expect(200);
    await http.put('/products/R-1/settings').send({ minSaleQty: 2 }).expect(200);
    await http
      .post('/source-items')
      .send({
        items: [
          { sku: 'R-1', sourceCode: 'default', quantity: 5, status: 'in_stock' },
          { sku: 'R-1', sourceCode: 'east', quantity: 1, status: 'in_stock' },
          { sku: 'R-2', sourceCode: 'east', quantity: 0, status: 'out_of_stock' },
        ],
      })
      .expect(200);
    const before = await outboxEvents(catalog.dataSource, 'SourceItemsSaved', 'R-1');

    const republisher = new CatalogRepublisher(catalog.app.get(UnitOfWork), catalog.app.get(StocksService));
    // Other suites' credit memos on the shared broker may add SKUs while it runs: count around it.
    const skus = async () =>
      (await catalog.dataSource.query(`SELECT count(DISTINCT sku)::int AS n FROM source_items`))[0]
        .n as number;
    const skusBefore = await skus();
    const republished = await republisher.run();
    const skusAfter = await skus();
    expect(republished).toEqual({ sources: 2, stocks: 2, settings: 2, skus: expect.any(Number) });
    expect(republished.skus).toBeGreaterThanOrEqual(skusBefore);
    expect(republished.skus).toBeLessThanOrEqual(skusAfter);

    const [r1Before, r1After] = [
      before.at(-1),
      (await outboxEvents(catalog.dataSource, 'SourceItemsSaved', 'R-1')).at(-1),
    ];
    expect(r1After.data).toEqual({ ...r1Before.data, reason: 'republish', version: expect.any(Number) });
    expect(r1After.data.version).toBeGreaterThan(r1Before.data.version);
    expect((await outboxEvents(catalog.dataSource, 'SourceItemsSaved', 'R-2')).at(-1).data.items).toEqual([
      { sourceCode: 'east', quantity: 0, status: 'out_of_stock', notifyStockQty: null },
    ]);
    const east = await outboxEvents(catalog.dataSource, 'SourceSaved', 'east');
    expect(east.at(-1).data).toEqual({ ...east[0].data, version: expect.any(Number) });
    expect((await outboxEvents(catalog.dataSource, 'StockSaved', '2')).at(-1).data).toMatchObject({
      stockId: 2,
      sourceLinks: [{ sourceCode: 'east', priority: 1 }],
      salesChannels: ['eu'],
    });
    const productSettings = await outboxEvents(catalog.dataSource, 'InventorySettingsChanged', 'R-1');
    expect(productSettings.at(-1).data).toMatchObject({
      scope: 'sku',
      sku: 'R-1',
      settings: { minSaleQty: 2 },
    });
    expect(
      (await outboxEvents(catalog.dataSource, 'InventorySettingsChanged', 'global')).at(-1).data,
    ).toMatchObject({
      scope: 'global',
      settings: { stockThresholdQty: 2 },
    });
  });
});
