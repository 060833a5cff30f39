import { DataSource } from 'typeorm';
import { messagingDatabase } from '../testing/messaging-database';
import { MessagingRetention } from './messaging-retention';

jest.setTimeout(60_000);

describe('messaging retention (real PostgreSQL)', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await messagingDatabase('inventory_messaging_retention_it');
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('deletes inbox rows past the inbox retention and dead letters past theirs, in batches, and nothing younger', async () => {
    await dataSource.query(
      `INSERT INTO processed_events (consumer, event_id, event_type, processed_at)
       SELECT 'views', gen_random_uuid(), 'OrderPlaced', now() - make_interval(days => CASE WHEN n <= 12000 THEN 15 ELSE 13 END)
       FROM generate_series(1, 12500) AS n`,
    );
    await dataSource.query(
      `INSERT INTO dead_letters (consumer_group, topic, partition, "offset", headers, reason, error, attempts, failed_at)
       SELECT 'views', 'orders.v1', 0, n, '{}', 'handler_failed', 'x', 5, now() - make_interval(days => CASE WHEN n <= 3 THEN 91 ELSE 89 END)
       FROM generate_series(1, 5) AS n`,
    );
    // A service's own history table, pruned by the same loop past its own age.
    await dataSource.query(`CREATE TABLE movement_log (at timestamptz NOT NULL)`);
    await dataSource.query(
      `INSERT INTO movement_log (at) SELECT now() - make_interval(days => CASE WHEN n <= 4 THEN 401 ELSE 399 END)
       FROM generate_series(1, 6) AS n`,
    );
    const retention = new MessagingRetention(dataSource, {
      inboxDays: 14,
      deadLetterDays: 90,
      intervalMs: 60_000,
      history: [{ table: 'movement_log', column: 'at', days: 400 }],
    });
    expect(await retention.pruneOnce()).toEqual({
      inbox: 12_000,
      deadLetters: 3,
      history: { movement_log: 4 },
    });
    const [{ inbox }] = await dataSource.query(`SELECT count(*)::int AS inbox FROM processed_events`);
    const [{ letters }] = await dataSource.query(`SELECT count(*)::int AS letters FROM dead_letters`);
    const [{ kept }] = await dataSource.query(`SELECT count(*)::int AS kept FROM movement_log`);
    expect([inbox, letters, kept]).toEqual([500, 2, 2]);
    expect(await retention.pruneOnce()).toEqual({ inbox: 0, deadLetters: 0, history: { movement_log: 0 } });
  });
});
