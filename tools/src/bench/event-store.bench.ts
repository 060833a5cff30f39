/**
 * `npm run bench:event-store`: appends/s and reads/s of the PostgreSQL event store, next to what
 * the same server does with pgbench's single-row UPDATE, measured in the same run.
 *   (a) one hot stream, 16 writers racing with optimistic concurrency (read revision, append, retry)
 *   (b) 10,000 distinct streams, one event each, 16 writers
 *   (c) readAll over 1,000,000 events
 * Environment: PGHOST/PGPORT/PGUSER, BENCH_SECONDS (10), BENCH_READ_EVENTS (1000000).
 */
import { randomUUID } from 'node:crypto';
import {
  PostgresEventStore,
  START,
  WrongExpectedRevisionError,
  createEventStoreSchema,
} from '@inventory/event-store';
import { freshDatabase } from '@inventory/testing';
import { Pool } from 'pg';
import { pgbenchUpdateTps } from './pgbench';

const WRITERS = 16;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const READ_EVENTS = Number(process.env.BENCH_READ_EVENTS ?? 1_000_000);
const DATABASE = 'inventory_event_store_bench';

const event = (i: number) => ({
  eventId: randomUUID(),
  type: 'QuantityReserved',
  data: { sku: 'HDB-001', qty: 1, i },
});
const rate = (count: number, ms: number) => Math.round((count / ms) * 1000);

async function hotStream(store: PostgresEventStore) {
  const stream = `hot-${randomUUID()}`;
  let appended = 0;
  let conflicts = 0;
  const deadline = Date.now() + SECONDS * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (Date.now() < deadline) {
        const [last] = await store.readStream(stream, { direction: 'backwards', maxCount: 1 });
        try {
          await store.appendToStream(stream, [event(appended)], {
            expectedRevision: last ? last.revision : 'no_stream',
          });
          appended++;
        } catch (error) {
          if (!(error instanceof WrongExpectedRevisionError)) throw error;
          conflicts++;
        }
      }
    }),
  );
  return { appended, conflicts, perSecond: rate(appended, Date.now() - started) };
}

async function distinctStreams(store: PostgresEventStore, count = 10_000) {
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (next < count) {
        const i = next++;
        await store.appendToStream(`sku-${i}-${randomUUID()}`, [event(i)], { expectedRevision: 'no_stream' });
      }
    }),
  );
  return { appended: count, perSecond: rate(count, Date.now() - started) };
}

async function readAll(store: PostgresEventStore, pool: Pool) {
  const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM es_events`);
  const missing = READ_EVENTS - Number(rows[0].n);
  // Seeded through the store itself: 1,000-event appends to 1,000-stream batches.
  for (let written = 0; written < missing; written += 1_000) {
    await store.appendToStream(
      `seed-${randomUUID()}`,
      Array.from({ length: Math.min(1_000, missing - written) }, (_, i) => event(i)),
      {
        expectedRevision: 'no_stream',
      },
    );
  }
  const started = Date.now();
  let read = 0;
  let page = await store.readAll({ fromPosition: START, maxCount: 5_000 });
  while (page.length > 0) {
    read += page.length;
    page = await store.readAllFrom(page[page.length - 1].position, false, 5_000);
  }
  return { read, perSecond: rate(read, Date.now() - started) };
}

async function main() {
  const pool = new Pool({ connectionString: await freshDatabase(DATABASE), max: WRITERS + 2 });
  await createEventStoreSchema(pool);
  const store = new PostgresEventStore(pool);
  console.log(`[bench] PostgreSQL event store, ${WRITERS} writers, ${SECONDS} s per timed phase`);

  const hot = await hotStream(store);
  console.log(
    `[bench] (a) one hot stream: ${hot.perSecond} appends/s (${hot.appended} appended, ${hot.conflicts} conflicts retried)`,
  );
  const distinct = await distinctStreams(store);
  console.log(`[bench] (b) 10,000 distinct streams: ${distinct.perSecond} appends/s`);
  const reads = await readAll(store, pool);
  console.log(`[bench] (c) readAll: ${reads.perSecond} events/s over ${reads.read} events`);
  await store.close();
  await pool.end();

  const tps = pgbenchUpdateTps(DATABASE, WRITERS, SECONDS);
  console.log(`[bench] pgbench single-row UPDATE, ${WRITERS} clients: ${tps} tps`);
  console.table([
    {
      measure: '(a) hot stream appends/s',
      value: hot.perSecond,
      'vs pgbench UPDATE tps': (hot.perSecond / tps).toFixed(2),
    },
    {
      measure: '(b) distinct-stream appends/s',
      value: distinct.perSecond,
      'vs pgbench UPDATE tps': (distinct.perSecond / tps).toFixed(2),
    },
    { measure: '(c) readAll events/s', value: reads.perSecond, 'vs pgbench UPDATE tps': '' },
    { measure: 'pgbench single-row UPDATE tps', value: tps, 'vs pgbench UPDATE tps': '1.00' },
  ]);
}

main().catch((error) => {
  console.error(`[bench] failed: ${error instanceof Error ? error.stack : error}`);
  process.exit(1);
});
