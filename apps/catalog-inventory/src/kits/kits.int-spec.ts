import { CatalogApp, outboxEvents, startCatalogApp } from '../testing/catalog-app';

jest.setTimeout(60_000);

describe('kits (real PostgreSQL)', () => {
  let catalog: CatalogApp;
  const http = () => catalog.http();
  const define = (sku: string, components: object[]) =>
    http().put(`/products/${sku}/components`).send({ components });

  beforeAll(async () => {
    catalog = await startCatalogApp('inventory_catalog_kits_it');
  });

  afterAll(async () => {
    await catalog?.close();
  });

  it('defines a kit of components, publishes KitDefined, and forgets it with an empty list', async () => {
    const defined = await define('GIFT-BOX', [
      { sku: 'MUG', qty: 2 },
      { sku: 'TEA', qty: 1 },
    ]).expect(200);
    expect(defined.body).toEqual({
      sku: 'GIFT-BOX',
      components: [
        { sku: 'MUG', qty: 2 },
        { sku: 'TEA', qty: 1 },
      ],
    });
    expect((await http().get('/products/GIFT-BOX/components').expect(200)).body.components).toHaveLength(2);
    await define('GIFT-BOX', []).expect(200);
    expect((await http().get('/products/GIFT-BOX/components').expect(200)).body.components).toEqual([]);
    const events = await outboxEvents(catalog.dataSource, 'KitDefined', 'GIFT-BOX');
    expect(events.map((event) => event.data.components.length)).toEqual([2, 0]);
    expect(events[1].data.version).toBeGreaterThan(events[0].data.version);
  });

  it('refuses a loop, nesting, a repeated component, a kit with source items, storing nothing', async () => {
    await define('SET', [{ sku: 'PART', qty: 1 }]).expect(200);
    const itself = await define('SELF', [{ sku: 'SELF', qty: 1 }]).expect(400);
    expect(itself.body).toMatchObject({ code: 'invalid_kit', errors: [{ field: 'components.0' }] });
    const nested = await define('BIG-SET', [{ sku: 'SET', qty: 1 }]).expect(400);
    expect(nested.body.errors[0].problems[0]).toContain('"SET" is a kit');
    const loop = await define('PART', [{ sku: 'BOLT', qty: 1 }]).expect(409); // PART is in SET
    expect(loop.body.code).toBe('kit_is_component');
    const twice = await define('PAIR', [
      { sku: 'SOCK', qty: 1 },
      { sku: 'SOCK', qty: 1 },
    ]).expect(400);
    expect(twice.body.errors[0].field).toBe('components.1');
    const fraction = await define('HALF', [{ sku: 'SOCK', qty: 0.5 }]).expect(400);
    expect(fraction.body.errors[0].problems[0]).toContain('whole units');

    await http()
      .post('/source-items')
      .send({ items: [{ sku: 'STOCKED', sourceCode: 'default', quantity: 3, status: 'in_stock' }] })
      .expect(200);
    const stocked = await define('STOCKED', [{ sku: 'SOCK', qty: 1 }]).expect(409);
    expect(stocked.body.code).toBe('kit_has_source_items');
    for (const sku of ['SELF', 'BIG-SET', 'PART', 'PAIR', 'HALF', 'STOCKED'])
      expect((await http().get(`/products/${sku}/components`)).body.components).toEqual([]);
    expect(await outboxEvents(catalog.dataSource, 'KitDefined', 'PART')).toEqual([]);
  });

  it('refuses source items for a kit: its units are its components', async () => {
    await define('BUNDLE', [{ sku: 'PIECE', qty: 3 }]).expect(200);
    const refused = await http()
      .post('/source-items')
      .send({ items: [{ sku: 'BUNDLE', sourceCode: 'default', quantity: 5, status: 'in_stock' }] })
      .expect(400);
    expect(refused.body).toMatchObject({ code: 'sku_is_kit', errors: [{ field: 'sku' }] });
    expect((await http().get('/source-items?sku=BUNDLE')).body.items).toEqual([]);
  });
});
