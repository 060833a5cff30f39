/**
 * `npm run bench:flash-sale`: the built reservation service as its own process on a fresh
 * database, driven through Kafka only.
 *   (a) flash sale: 100,000 OrderPlaced of 1 unit for one SKU with 1,000 units, published as fast
 *       as possible; accepted (must be 1,000), oversold (must be 0), decisions/s draining them
 *   (b) steady open loop: 2,000 orders/s for 30 s on a SKU with plenty of stock; p50/p99 latency
 *       from publish to the OrderReservationPlaced/Rejected event
 *   (c) pgbench's single-row UPDATE on the same server, in the same run
 *   (d) replay of the salable-quantity projection over 1,000,000 stored events (the ops CLI)
 * Environment: BENCH_ORDERS (100000), BENCH_UNITS (1000), BENCH_RATE (2000), BENCH_SECONDS (30),
 * BENCH_REPLAY_EVENTS (1000000), PGHOST/PGPORT/PGUSER, KAFKA_BROKERS.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { TOPICS, createEvent } from '@inventory/contracts';
import { PostgresEventStore } from '@inventory/event-store';
import { toOutgoingMessage } from '@inventory/messaging';
import { jsonOrUndefined, waitFor } from '@inventory/testing';
import { Kafka, Producer } from 'kafkajs';
import { Pool } from 'pg';
import { pgbenchUpdateTps } from './pgbench';
import {
  percentile,
  salableOf,
  startReservationForBench,
  stockThroughCatalog,
} from './reservation-bench-kit';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 100_000);
const UNITS = Number(process.env.BENCH_UNITS ?? 1_000);
const RATE = Number(process.env.BENCH_RATE ?? 2_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const REPLAY_EVENTS = Number(process.env.BENCH_REPLAY_EVENTS ?? 1_000_000);
const DATABASE = 'inventory_reservation_bench';
const PORT = Number(process.env.BENCH_PORT ?? 3202);
const run = randomUUID().slice(0, 8);

interface Outcome {
  readonly type: string;
  readonly at: number;
}

/** Watches inventory.reservations.v1 for this run's orders, noting when each outcome arrived. */
async function watchOutcomes(kafka: Kafka) {
  const outcomes = new Map<string, Outcome>();
  const consumer = kafka.consumer({ groupId: `bench-observer-${run}` });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPICS.reservations, fromBeginning: false });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({
    eachMessage: async ({ message }) => {
      const event = jsonOrUndefined(message.value?.toString()) as
        { type: string; data?: { orderId?: string } } | undefined;
      const orderId = event?.data?.orderId;
      if (event && orderId?.startsWith(run) && !outcomes.has(orderId)) {
        outcomes.set(orderId, { type: event.type, at: performance.now() });
      }
    },
  });
  await joined;
  return { outcomes, stop: () => consumer.disconnect() };
}

const orderMessage = (orderId: string, sku: string) =>
  toOutgoingMessage(
    createEvent(
      'OrderPlaced',
      { orderId, salesChannel: 'base', items: [{ sku, qty: 1 }], placedAt: new Date().toISOString() },
      { source: 'bench' },
    ),
    orderId,
  );

async function send(producer: Producer, messages: ReturnType<typeof orderMessage>[]) {
  await producer.send({
    topic: TOPICS.orders,
    messages: messages.map(({ key, value, headers }) => ({ key, value, headers })),
  });
}

async function flashSale(producer: Producer, outcomes: Map<string, Outcome>) {
  const sku = `FLASH-${run}`;
  await stockThroughCatalog(producer, PORT, sku, UNITS);
  const ids = Array.from({ length: ORDERS }, (_, i) => `${run}-flash-${i}`);
  const started = performance.now();
  for (let i = 0; i < ids.length; i += 5_000)
    await send(
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

async function steadyLoad(producer: Producer, outcomes: Map<string, Outcome>) {
  const sku = `STEADY-${run}`;
  await stockThroughCatalog(producer, PORT, sku, RATE * SECONDS * 2);
  const publishedAt = new Map<string, number>();
  const sends: Promise<void>[] = [];
  const tickMs = 10;
  const started = performance.now();
  // Open loop: each tick sends what the clock says is due, whether or not earlier sends finished.
  let sent = 0;
  while (performance.now() - started < SECONDS * 1000) {
    const due = Math.min(RATE * SECONDS, Math.floor(((performance.now() - started) / 1000) * RATE));
    const batch: ReturnType<typeof orderMessage>[] = [];
    for (; sent < due; sent++) {
      const id = `${run}-steady-${sent}`;
      publishedAt.set(id, performance.now());
      batch.push(orderMessage(id, sku));
    }
    if (batch.length) sends.push(send(producer, batch));
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
  return {
    orders: publishedAt.size,
    achievedRate: Math.round(publishedAt.size / SECONDS),
    p50: Math.round(percentile(latencies, 0.5)),
    p99: Math.round(percentile(latencies, 0.99)),
    max: Math.round(latencies[latencies.length - 1]),
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
  const observer = await watchOutcomes(kafka);

  const sale = await flashSale(producer, observer.outcomes);
  console.log(
    `[bench] (a) flash sale: accepted ${sale.accepted}, oversold ${sale.oversold}, ${sale.perSecond} decisions/s, salable after ${sale.salableAfter}`,
  );
  const steady = await steadyLoad(producer, observer.outcomes);
  console.log(
    `[bench] (b) ${steady.achievedRate} orders/s for ${SECONDS} s: p50 ${steady.p50} ms, p99 ${steady.p99} ms, max ${steady.max} ms`,
  );
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
    { measure: '(c) pgbench single-row UPDATE tps', value: tps },
    { measure: `(d) replay events/s (${replayed.events} events)`, value: replayed.perSecond },
  ]);
}

main().catch((error) => {
  console.error(`[bench] failed: ${error instanceof Error ? error.stack : error}`);
  process.exit(1);
});
