import { DEFAULT_INVENTORY_SETTINGS } from '@inventory/contracts';
import { CatalogApp, outboxEvents, startCatalogApp } from '../testing/catalog-app';

jest.setTimeout(60_000);

describe('inventory settings (real PostgreSQL)', () => {
  let catalog: CatalogApp;

  beforeAll(async () => {
    catalog = await startCatalogApp('inventory_catalog_settings_it');
  });

  afterAll(async () => {
    await catalog?.close();
  });

  it('starts from the built-in defaults', async () => {
    const response = await catalog.http().get('/settings');
    expect(response.body.settings).toEqual(DEFAULT_INVENTORY_SETTINGS);
    expect(response.body.origin.backorders).toBe('default');
  });

  it('merges global changes and puts a field back to its default with null', async () => {
    await catalog.http().put('/settings').send({ backorders: 'allow', stockThresholdQty: 5 }).expect(200);
    const reset = await catalog.http().put('/settings').send({ stockThresholdQty: null }).expect(200);
    expect(reset.body.settings).toMatchObject({ backorders: 'allow', stockThresholdQty: 0 });
    expect(reset.body.origin).toMatchObject({ backorders: 'global', stockThresholdQty: 'default' });
  });

  it('answers the effective settings of a SKU and where each value came from', async () => {
    const response = await catalog
      .http()
      .put('/products/HDB-001/settings')
      .send({ minQty: -50, notifyStockQty: 10 })
      .expect(200);
    expect(response.body.settings).toMatchObject({
      minQty: -50,
      notifyStockQty: 10,
      backorders: 'allow',
      manageStock: true,
    });
    expect(response.body.origin).toMatchObject({
      minQty: 'product',
      notifyStockQty: 'product',
      backorders: 'global',
      manageStock: 'default',
    });
    expect(response.body.overrides).toMatchObject({ minQty: -50, notifyStockQty: 10, backorders: null });

    const back = await catalog
      .http()
      .put('/products/HDB-001/settings')
      .send({ notifyStockQty: null })
      .expect(200);
    expect(back.body.origin.notifyStockQty).toBe('default');
    expect(back.body.overrides.minQty).toBe(-50);

    const events = await outboxEvents(catalog.dataSource, 'InventorySettingsChanged', 'HDB-001');
    expect(events.map((e) => e.data.settings.notifyStockQty)).toEqual([10, null]);
    expect(events[1].data).toMatchObject({
      scope: 'sku',
      sku: 'HDB-001',
      settings: { minQty: -50, backorders: null },
    });
  });

  it('refuses settings that do not fit together, naming the field, and keeps what was stored', async () => {
    const response = await catalog
      .http()
      .put('/products/HDB-002/settings')
      .send({ backorders: 'none', minQty: -5 });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'invalid_settings', errors: [{ field: 'minQty' }] });
    const bad = await catalog.http().put('/settings').send({ backorders: 'sometimes', maxSaleQty: -1 });
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'backorders',
      'maxSaleQty',
    ]);
    expect((await catalog.http().get('/products/HDB-002/settings')).body.overrides.minQty).toBeNull();
  });

  it('refuses a global change that would break an existing SKU override, naming the SKU', async () => {
    // HDB-001 overrides minQty to -50 and relies on the global backorders = allow set above.
    const response = await catalog.http().put('/settings').send({ backorders: 'none' });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({
      code: 'settings_break_overrides',
      errors: [{ field: 'products.HDB-001.minQty' }],
    });
    expect((await catalog.http().get('/settings')).body.settings.backorders).toBe('allow');

    await catalog.http().put('/products/HDB-001/settings').send({ minQty: null }).expect(200);
    await catalog.http().put('/settings').send({ backorders: 'none' }).expect(200);
  });

  it('documents the settings views in OpenAPI', async () => {
    const document = (await catalog.http().get('/docs-json').expect(200)).body;
    const view = document.components.schemas.ProductSettingsResponse;
    expect(Object.keys(view.properties).sort()).toEqual(['origin', 'overrides', 'settings', 'sku']);
    expect(Object.keys(document.components.schemas.SettingsValues.properties).sort()).toEqual(
      Object.keys(DEFAULT_INVENTORY_SETTINGS).sort(),
    );
  });
});
