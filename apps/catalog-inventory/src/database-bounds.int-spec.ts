import { CatalogApp, startCatalogApp } from './testing/catalog-app';

jest.setTimeout(60_000);

/** The service's PostgreSQL pool has bounds: what is past them is answered, not left hanging. */
describe('database bounds (real PostgreSQL)', () => {
  let catalog: CatalogApp;
  const bounds = { DB_POOL_MAX: '2', DB_ACQUIRE_TIMEOUT_MS: '300', DB_STATEMENT_TIMEOUT_MS: '1500' };

  beforeAll(async () => {
    Object.assign(process.env, bounds);
    catalog = await startCatalogApp('inventory_catalog_bounds_it');
  });

  afterAll(async () => {
    await catalog?.close();
    for (const name of Object.keys(bounds)) delete process.env[name];
  });

  it('answers 503 with Retry-After when every connection is busy, within the acquire timeout', async () => {
    // Both connections held by long statements (they end at the statement timeout).
    const busy = [1, 2].map(() => catalog.dataSource.query(`SELECT pg_sleep(1)`).catch(() => undefined));
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Without the bound it would wait for a connection and answer 200 once the sleeps end.
    const answer = await catalog.http().get('/sources');
    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBe('1');
    expect(answer.body.code).toBe('unavailable');
    await Promise.all(busy);
    expect((await catalog.http().get('/sources')).status).toBe(200);
  });

  it('cancels a statement that runs past the statement timeout', async () => {
    await expect(catalog.dataSource.query(`SELECT pg_sleep(5)`)).rejects.toThrow(/statement timeout/);
  });
});
