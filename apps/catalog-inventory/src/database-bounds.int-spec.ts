import { SERVICES } from '@inventory/service-runtime';
import { Client, Pool } from 'pg';
import { CatalogApp, startCatalogApp } from './testing/catalog-app';

jest.setTimeout(60_000);

/** The service's PostgreSQL pool has bounds: what is past them is answered, not left hanging. */
describe('database bounds (real PostgreSQL)', () => {
  let catalog: CatalogApp;
  const bounds = { DB_POOL_MAX: '2', DB_ACQUIRE_TIMEOUT_MS: '300', DB_STATEMENT_TIMEOUT_MS: '4000' };
  const BUSY_LOCK = 4242;

  beforeAll(async () => {
    Object.assign(process.env, bounds);
    catalog = await startCatalogApp('inventory_catalog_bounds_it');
  });

  afterAll(async () => {
    await catalog?.close();
    for (const name of Object.keys(bounds)) delete process.env[name];
  });

  it('answers 503 with Retry-After when every connection is busy, within the acquire timeout', async () => {
    // Both pool connections wait on an advisory lock this test holds from outside the pool, so they stay
    // busy for as long as the test needs, however slow the machine (a fixed sleep raced the request).
    const holder = new Client({
      connectionString: process.env[SERVICES['catalog-inventory'].databaseUrlVariable],
    });
    await holder.connect();
    try {
      await holder.query(`SELECT pg_advisory_lock($1)`, [BUSY_LOCK]);
      const busy = [1, 2].map(() =>
        catalog.dataSource.query(`SELECT pg_advisory_xact_lock($1)`, [BUSY_LOCK]).catch(() => undefined),
      );
      await waitForLockWaiters(holder, 2);
      // Without the bound it would wait for a connection and answer 200 once the lock is released.
      const answer = await catalog.http().get('/sources');
      expect(answer.status).toBe(503);
      expect(answer.headers['retry-after']).toBe('1');
      expect(answer.body.code).toBe('unavailable');
      await holder.query(`SELECT pg_advisory_unlock($1)`, [BUSY_LOCK]);
      await Promise.all(busy);
      expect((await catalog.http().get('/sources')).status).toBe(200);
    } finally {
      await holder.end();
    }
  });

  it('cancels a statement that runs past the statement timeout', async () => {
    await expect(catalog.dataSource.query(`SELECT pg_sleep(10)`)).rejects.toThrow(/statement timeout/);
  });

  it('survives a connection the server drops while it is checked out between two queries', async () => {
    // Between two statements of a transaction, say: node-postgres emits 'error' on the connection,
    // and pg-pool does not listen while it is checked out. Without a listener of our own, that
    // event was uncaught and ended the process (a reservation instance exited 1 so in a faults run).
    const pool = (catalog.dataSource.driver as unknown as { master: Pool }).master;
    const client = await pool.connect();
    const [{ pid }] = (await client.query('SELECT pg_backend_pid() AS pid')).rows;
    await catalog.dataSource.query('SELECT pg_terminate_backend($1)', [pid]);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the server's message arrives
    client.release(new Error('dropped'));
    expect((await catalog.http().get('/sources')).status).toBe(200);
  });
});

/** Waits until `count` sessions of this database are waiting for an advisory lock. */
async function waitForLockWaiters(client: Client, count: number): Promise<void> {
  for (;;) {
    const { rows } = await client.query(
      `SELECT count(*)::int AS waiting FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'`,
    );
    if (rows[0].waiting >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
