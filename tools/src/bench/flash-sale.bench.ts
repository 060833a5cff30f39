/**
 * `npm run bench:flash-sale`: the built reservation service as its own process on a fresh
 * database, driven through Kafka only.
 *   (a) flash sale: 100,000 OrderPlaced of 1 unit for one SKU with 1,000 units, published as fast
 *       as possible; accepted (must be 1,000), oversold (must be 0), decisions/s draining them
 *   (b) steady open loop: 2,000 orders/s for 30 s on a SKU with plenty of stock; p50/p99 latency
 *       from publish to the OrderReservationPlaced/Rejected event
 *   (b') the same for BENCH_SWEEP_SECONDS (10) at each of BENCH_SWEEP_RATES (500,1000,1500,2500):
 *       the highest rate whose p99 stays within 100 ms; and the service's peak RSS
 *   (c) pgbench's single-row UPDATE on the same server, in the same run
 *   (d) replay of the salable-quantity projection over 1,000,000 stored events (the ops CLI)
 * Environment: BENCH_ORDERS (100000), BENCH_UNITS (1000), BENCH_RATE (2000), BENCH_SECONDS (30),
 * BENCH_REPLAY_EVENTS (1000000), PGHOST/PGPORT/PGUSER, KAFKA_BROKERS.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { PostgresEventStore } from '@inventory/event-store';
import { waitFor } from '@inventory/testing';
import { Producer } from 'kafkajs';
import { Pool } from 'pg';
import { pgbenchUpdateTps } from './pgbench';
import {
  Outcome,
  orderMessage,
  percentile,
  peakRssMiB,
  salableOf,
  sendOrders,
  startReservationForBench,
  stockThroughCatalog,
  watchOutcomes,
} from './reservation-bench-kit';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 100_000);
const UNITS = Number(process.env.BENCH_UNITS ?? 1_000);
const RATE = Number(process.env.BENCH_RATE ?? 2_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
/** (b') shorter steady runs at these rates: the highest whose p99 stays within 100 ms. */
const SWEEP_RATES = (process.env.BENCH_SWEEP_RATES ?? '500,1000,1500,2500')
  .split(',')
  .filter(Boolean)
  .map(Number);
const SWEEP_SECONDS = Number(process.env.BENCH_SWEEP_SECONDS ?? 10);
const REPLAY_EVENTS = Number(process.env.BENCH_REPLAY_EVENTS ?? 1_000_000);
const DATABASE = 'inventory_reservation_bench';
const PORT = Number(process.env.BENCH_PORT ?? 3202);
const run = randomUUID().slice(0, 8);

async function flashSale(producer: Producer, outcomes: Map<string, Outcome>) {
  const sku = `FLASH-${run}`;
  await stockThroughCatalog(producer, PORT, sku, UNITS);
  const ids = Array.from({ length: ORDERS }, (_, i) => `${run}-flash-${i}`);
  const started = performance.now();
  for (let i = 0; i < ids.length; i += 5_000)
    await sendOrders(
      producer,
      ids.slice(i, i + 5_000).map((id) => orderMessage(id, sku)),
    );
  const published = performance.now();
  console.log(`[bench] (a) ${ORDERS} orders published in ${Math.round(published - started)} ms`);
  await waitFor(() => (ids.every((id) => outcomes.has(id)) ? true : undefined), {
    what: `${ORDERS} outcomes`,
    timeoutMs: 30 * 60_000,
    intervalMs: 500,
  });
  const decided = ids.map((id) => outcomes.get(id) as Outcome);
  const accepted = decided.filter((outcome) => outcome.type === 'OrderReservationPlaced').length;
  const last = Math.max(...decided.map((outcome) => outcome.at));
  return {
    accepted,
    oversold: Math.max(0, accepted - UNITS),
    perSecond: Math.round((ORDERS / (last - started)) * 1000),
    salableAfter: await salableOf(PORT, sku),
  };
}

async function steadyLoad(
  producer: Producer,
  outcomes: Map<string, Outcome>,
  databaseUrl: string,
  rate = RATE,
  seconds = SECONDS,
) {
  const sku = `STEADY-${run}-${rate}`;
  await stockThroughCatalog(producer, PORT, sku, rate * seconds * 2);
  const publishedAt = new Map<string, number>();
  const publishedWallClock = new Map<string, number>();
  const sends: Promise<void>[] = [];
  const tickMs = 10;
  const started = performance.now();
  // Open loop: each tick sends what the clock says is due, whether or not earlier sends finished.
  let sent = 0;
  while (performance.now() - started < seconds * 1000) {
    const due = Math.min(rate * seconds, Math.floor(((performance.now() - started) / 1000) * rate));
    const batch: ReturnType<typeof orderMessage>[] = [];
    for (; sent < due; sent++) {
      const id = `${run}-steady-${rate}-${sent}`;
      publishedAt.set(id, performance.now());
      publishedWallClock.set(id, Date.now());
      batch.push(orderMessage(id, sku));
    }
    if (batch.length) sends.push(sendOrders(producer, batch));
    await new Promise((resolve) => setTimeout(resolve, tickMs));
  }
  await Promise.all(sends);
  await waitFor(() => ([...publishedAt.keys()].every((id) => outcomes.has(id)) ? true : undefined), {
    what: `${publishedAt.size} steady outcomes`,
    timeoutMs: 10 * 60_000,
    intervalMs: 500,
  });
  const latencies = [...publishedAt]
    .map(([id, at]) => (outcomes.get(id) as Outcome).at - at)
    .sort((a, b) => a - b);
  // Where the time goes, by the database's clock (this host's): publish → the decision stored (its
  // order stream's transaction) → its outcome written to the outbox (the projection's transaction)
  // → the relay's transaction that published it → the benchmark's consumer.
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  const ids = [...publishedAt.keys()];
  const { rows } = await pool.query<{ stream_id: string; recorded_at: Date }>(
    `SELECT stream_id, recorded_at FROM es_events WHERE stream_id = ANY($1) AND stream_revision = 0`,
    [ids.map((id) => `order-${id}`)],
  );
  const { rows: outbox } = await pool.query<{ message_key: string; created_at: Date; published_at: Date }>(
    `SELECT message_key, created_at, published_at FROM outbox
      WHERE message_key = ANY($1) AND event_type LIKE 'OrderReservation%'`,
    [ids],
  );
  await pool.end();
  const stored = new Map(
    rows.map((row) => [row.stream_id.slice('order-'.length), row.recorded_at.getTime()]),
  );
  const sorted = (values: number[]) => values.sort((a, b) => a - b);
  const p50p99 = (values: number[]) =>
    `${Math.round(percentile(values, 0.5))} / ${Math.round(percentile(values, 0.99))}`;
  const stages = {
    'publish → stored': p50p99(
      sorted(ids.map((id) => (stored.get(id) ?? NaN) - (publishedWallClock.get(id) ?? NaN))),
    ),
    'stored → outbox': p50p99(
      sorted(outbox.map((row) => row.created_at.getTime() - (stored.get(row.message_key) ?? NaN))),
    ),
    'outbox → relay': p50p99(
      sorted(outbox.map((row) => row.published_at.getTime() - row.created_at.getTime())),
    ),
    'relay → received': p50p99(
      sorted(
        outbox.map(
          (row) =>
            performance.timeOrigin + (outcomes.get(row.message_key)?.at ?? NaN) - row.published_at.getTime(),
        ),
      ),
    ),
  };
  return {
    orders: publishedAt.size,
    achievedRate: Math.round(publishedAt.size / seconds),
    p50: Math.round(percentile(latencies, 0.5)),
    p99: Math.round(percentile(latencies, 0.99)),
    max: Math.round(latencies[latencies.length - 1]),
    stages,
  };
}

/** Tops the store up to REPLAY_EVENTS with SKU streams of quantity changes, then times the ops CLI's replay. */
async function replay(databaseUrl: string) {
  const pool = new Pool({ connectionString: databaseUrl, max: 4 });
  const store = new PostgresEventStore(pool);
  const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM es_events`);
  const missing = REPLAY_EVENTS - Number(rows[0].n);
  for (let written = 0, stream = 0; written < missing; stream++) {
    const count = Math.min(1_000, missing - written);
    await store.appendToStream(
      `sku-REPLAY-${run}-${stream}`,
      Array.from({ length: count }, (_, i) => ({
        eventId: randomUUID(),
        type: 'SourceItemsRecorded',
        data: { items: [{ sourceCode: 'default', quantity: i % 50, status: 'in_stock' }], reason: 'manual' },
      })),
      { expectedRevision: 'no_stream' },
    );
    written += count;
  }
  // The live projection (stopped) is taken to have reached the end: the replay rebuilds all of it.
  await pool.query(
    `UPDATE projection_checkpoints SET position = (
       SELECT transaction_id::text || ':' || global_position FROM es_events ORDER BY transaction_id DESC, global_position DESC LIMIT 1)`,
  );
  await store.close();
  await pool.end();
  const output = execFileSync(
    process.execPath,
    ['dist/apps/reservation/src/ops/inventory-cli.js', 'replay', 'salable-quantity'],
    {
      env: { ...process.env, RESERVATION_DATABASE_URL: databaseUrl, KAFKAJS_NO_PARTITIONER_WARNING: '1' },
      encoding: 'utf8',
    },
  );
  const match = /replayed (\d+) events in ([\d.]+) s \((\d+) events\/s\)/.exec(output);
  if (!match) throw new Error(`replay printed no figures:\n${output}`);
  return { events: Number(match[1]), seconds: Number(match[2]), perSecond: Number(match[3]) };
}

async function main() {
  const { databaseUrl, service, kafka, producer } = await startReservationForBench({
    database: DATABASE,
    port: PORT,
    run,
  });
  const observer = await watchOutcomes(kafka, run);

  const sale = await flashSale(producer, observer.outcomes);
  console.log(
    `[bench] (a) flash sale: accepted ${sale.accepted}, oversold ${sale.oversold}, ${sale.perSecond} decisions/s, salable after ${sale.salableAfter}`,
  );
  const steady = await steadyLoad(producer, observer.outcomes, databaseUrl);
  console.log(
    `[bench] (b) ${steady.achievedRate} orders/s for ${SECONDS} s: p50 ${steady.p50} ms, p99 ${steady.p99} ms, max ${steady.max} ms; stages (p50 / p99 ms) ${JSON.stringify(steady.stages)}`,
  );
  // The highest of these steady rates whose p99 stays within 100 ms.
  const sweep = [];
  for (const rate of SWEEP_RATES) {
    const result = await steadyLoad(producer, observer.outcomes, databaseUrl, rate, SWEEP_SECONDS);
    console.log(
      `[bench] (b') ${result.achievedRate} orders/s for ${SWEEP_SECONDS} s: p50 ${result.p50} ms, p99 ${result.p99} ms`,
    );
    sweep.push({ rate, ...result });
  }
  const within = sweep.filter((result) => result.p99 <= 100).map((result) => result.rate);
  const rss = peakRssMiB(service.pid);
  await observer.stop();
  await producer.disconnect();
  console.log(`[bench] service stopped with exit code ${await service.stop()}`);

  const tps = pgbenchUpdateTps(DATABASE, 16, 10);
  console.log(`[bench] (c) pgbench single-row UPDATE, 16 clients: ${tps} tps`);
  const replayed = await replay(databaseUrl);
  console.log(`[bench] (d) replay: ${replayed.perSecond} events/s over ${replayed.events} events`);

  console.table([
    { measure: `(a) accepted of ${ORDERS} orders for ${UNITS} units`, value: sale.accepted },
    { measure: '(a) oversold', value: sale.oversold },
    { measure: '(a) decisions/s draining the backlog (publish → last outcome)', value: sale.perSecond },
    { measure: `(b) open loop orders/s achieved (target ${RATE})`, value: steady.achievedRate },
    { measure: '(b) p50 latency publish → outcome, ms', value: steady.p50 },
    { measure: '(b) p99 latency publish → outcome, ms', value: steady.p99 },
    ...Object.entries(steady.stages).map(([stage, value]) => ({
      measure: `(b) ${stage}, p50 / p99 ms`,
      value,
    })),
    ...sweep.map((result) => ({
      measure: `(b') ${result.rate} orders/s for ${SWEEP_SECONDS} s: p50 / p99 ms`,
      value: `${result.p50} / ${result.p99}`,
    })),
    {
      measure: "(b') highest of these rates with p99 ≤ 100 ms",
      value: within.length ? Math.max(...within) : 'none',
    },
    { measure: 'reservation service peak RSS, MiB', value: rss ?? 'unknown' },
    { measure: '(c) pgbench single-row UPDATE tps', value: tps },
    { measure: `(d) replay events/s (${replayed.events} events)`, value: replayed.perSecond },
  ]);
}

main().catch((error) => {
  console.error(`[bench] failed: ${error instanceof Error ? error.stack : error}`);
  process.exit(1);
});
