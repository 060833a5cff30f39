import { randomUUID } from 'node:crypto';
import { freshDatabase } from '@inventory/testing';
import { Client, Pool } from 'pg';
import { PostgresEventStore } from './postgres-event-store';
import { createEventStoreSchema } from './schema';

jest.setTimeout(60_000);

const OPERATOR = 'inventory_horizon_it_operator';

/**
 * Readers of the whole store stop at the oldest transaction that could still append. An open
 * transaction of another role (an operator's psql) or in another database must not hold them
 * back; one of the store's own role must, or its events would land behind the reader.
 */
describe('PostgreSQL event store: what holds readers back (real PostgreSQL)', () => {
  let url: string;
  let pool: Pool;
  let store: PostgresEventStore;
  const open: Client[] = [];

  /** A session with a transaction holding an xid, left open. */
  async function openTransaction(connection: string | { user: string; database: string }) {
    const client =
      typeof connection === 'string'
        ? new Client({ connectionString: connection })
        : new Client({
            host: process.env.PGHOST ?? '127.0.0.1',
            port: Number(process.env.PGPORT ?? 5432),
            ...connection,
          });
    await client.connect();
    open.push(client);
    await client.query('BEGIN');
    await client.query('SELECT pg_current_xact_id()');
    return client;
  }

  const append = async () => {
    const streamId = `horizon-${randomUUID()}`;
    await store.appendToStream(streamId, [{ eventId: randomUUID(), type: 'Tested', data: {} }], {
      expectedRevision: 'no_stream',
    });
    return streamId;
  };
  const visible = async (streamId: string) =>
    (await store.readAll({ maxCount: 100_000 })).some((event) => event.streamId === streamId);

  beforeAll(async () => {
    url = await freshDatabase('inventory_event_store_horizon_it');
    pool = new Pool({ connectionString: url, max: 4 });
    await createEventStoreSchema(pool);
    store = new PostgresEventStore(pool);
    const admin = new Client({ connectionString: url });
    await admin.connect();
    await admin.query(
      `DO $$ BEGIN CREATE ROLE ${OPERATOR} LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`,
    );
    await admin.query(`GRANT CONNECT ON DATABASE inventory_event_store_horizon_it TO ${OPERATOR}`);
    await admin.end();
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((client) => client.query('ROLLBACK').then(() => client.end())));
  });

  afterAll(async () => {
    await store?.close();
    await pool?.end();
  });

  it("is not held back by another role's open transaction in its database", async () => {
    await openTransaction({ user: OPERATOR, database: 'inventory_event_store_horizon_it' });
    expect(await visible(await append())).toBe(true);
  });

  it('is not held back by an open transaction in another database', async () => {
    await openTransaction(url.replace(/\/[^/]+$/, '/postgres'));
    expect(await visible(await append())).toBe(true);
  });

  it('is held back by an open transaction of its own role, which could still append', async () => {
    const writer = await openTransaction(url);
    const later = await append();
    expect(await visible(later)).toBe(false);
    await writer.query('COMMIT');
    expect(await visible(later)).toBe(true);
  });
});
