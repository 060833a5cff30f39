/**
 * `npm run bench:holds`: cart holds, the synchronous path a storefront's checkout uses, against
 * the built reservation service as its own process on a fresh database.
 *   (a) a race: BENCH_HOLDS (3,000) `POST /holds` of 1 unit for one SKU with BENCH_UNITS (500),
 *       BENCH_CONCURRENCY (64) at a time: granted (must be the units), answers by status (none
 *       may be ≥ 500), holds/s, p50/p99 latency, salable after (must be 0)
 *   (b) an open loop: BENCH_HOLD_RATE (500) holds/s for BENCH_SECONDS (20) on a SKU with plenty
 *       of stock: p50/p99 latency, whatever the answers were
 *   (c) storefront reads at BENCH_CONCURRENCY for 5 s each: salable, stock-status, is-salable,
 *       against the service's own `/health/live` in the same run (the anchor)
 *   (d) the service's peak resident memory
 * Environment: BENCH_HOLDS, BENCH_UNITS, BENCH_CONCURRENCY, BENCH_HOLD_RATE, BENCH_SECONDS,
 * BENCH_READ_SECONDS (5), PGHOST/PGPORT/PGUSER, KAFKA_BROKERS.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { waitFor } from '@inventory/testing';
import { apiKeyFromEnv } from '../demo/demo-http';
import {
  peakRssMiB,
  percentile,
  salableOf,
  startReservationForBench,
  stockThroughCatalog,
} from './reservation-bench-kit';

const HOLDS = Number(process.env.BENCH_HOLDS ?? 3_000);
const UNITS = Number(process.env.BENCH_UNITS ?? 500);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const HOLD_RATE = Number(process.env.BENCH_HOLD_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const READ_SECONDS = Number(process.env.BENCH_READ_SECONDS ?? 5);
const DATABASE = 'inventory_reservation_bench';
const PORT = Number(process.env.BENCH_PORT ?? 3206);
const BASE = `http://127.0.0.1:${PORT}`;
const run = randomUUID().slice(0, 8);

interface Answer {
  readonly status: number;
  readonly code?: string;
  readonly ms: number;
}

async function request(method: string, path: string, body?: unknown): Promise<Answer> {
  const started = performance.now();
  try {
    const response = await fetch(`${BASE}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-api-key': apiKeyFromEnv() },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json().catch(() => ({}))) as { code?: string };
    return { status: response.status, code: json.code, ms: performance.now() - started };
  } catch {
    return { status: 0, code: 'connection_failed', ms: performance.now() - started };
  }
}

const hold = (sku: string) =>
  request('POST', '/holds', { salesChannel: 'base', items: [{ sku, qty: 1 }], ttlSeconds: 600 });

/** `count` calls of `call`, `concurrency` at a time; the answers in the order they came. */
async function closedLoop(count: number, concurrency: number, call: () => Promise<Answer>) {
  const answers: Answer[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next++;
        answers.push(await call());
      }
    }),
  );
  return { answers, seconds: (performance.now() - started) / 1000 };
}

/** Calls `call` for `seconds` with `concurrency` at a time; requests/s and latencies. */
async function forSeconds(seconds: number, concurrency: number, call: () => Promise<Answer>) {
  const answers: Answer[] = [];
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) answers.push(await call());
    }),
  );
  return summary(answers, seconds);
}

function summary(answers: readonly Answer[], seconds: number) {
  const latencies = answers.map((a) => a.ms).sort((a, b) => a - b);
  const byStatus: Record<string, number> = {};
  for (const { status, code } of answers) {
    const label = status >= 300 ? `${status} ${code ?? ''}`.trim() : String(status);
    byStatus[label] = (byStatus[label] ?? 0) + 1;
  }
  return {
    count: answers.length,
    perSecond: Math.round(answers.length / seconds),
    p50: Math.round(percentile(latencies, 0.5)),
    p99: Math.round(percentile(latencies, 0.99)),
    failed: answers.filter((a) => a.status === 0 || a.status >= 500).length,
    byStatus,
  };
}

async function race(kafkaProducer: Parameters<typeof stockThroughCatalog>[0]) {
  const sku = `HOLD-RACE-${run}`;
  await stockThroughCatalog(kafkaProducer, PORT, sku, UNITS);
  const { answers, seconds } = await closedLoop(HOLDS, CONCURRENCY, () => hold(sku));
  const granted = answers.filter((a) => a.status === 201).length;
  // The salable quantity is a projection: how long it takes to show the race's end is reported.
  const expected = Math.max(0, UNITS - granted);
  const raceEnded = performance.now();
  await waitFor(async () => ((await salableOf(PORT, sku)) === expected ? true : undefined), {
    what: `salable ${expected} after the race`,
    timeoutMs: 60_000,
    intervalMs: 50,
  }).catch(() => undefined);
  return {
    ...summary(answers, seconds),
    granted,
    salableAfter: await salableOf(PORT, sku),
    projectionLagMs: Math.round(performance.now() - raceEnded),
  };
}

async function openLoop(kafkaProducer: Parameters<typeof stockThroughCatalog>[0]) {
  const sku = `HOLD-OPEN-${run}`;
  await stockThroughCatalog(kafkaProducer, PORT, sku, HOLD_RATE * SECONDS * 2);
  const pending: Promise<Answer>[] = [];
  const started = performance.now();
  // Open loop: each tick sends what the clock says is due, whether or not earlier answers came.
  while (performance.now() - started < SECONDS * 1000) {
    const due = Math.floor(((performance.now() - started) / 1000) * HOLD_RATE);
    while (pending.length < due) pending.push(hold(sku));
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return summary(await Promise.all(pending), SECONDS);
}

async function reads(kafkaProducer: Parameters<typeof stockThroughCatalog>[0]) {
  const sku = `HOLD-READ-${run}`;
  await stockThroughCatalog(kafkaProducer, PORT, sku, 100);
  const line = { items: [{ sku, qty: 1 }] };
  return {
    anchor: await forSeconds(READ_SECONDS, CONCURRENCY, () => request('GET', '/health/live')),
    salable: await forSeconds(READ_SECONDS, CONCURRENCY, () =>
      request('GET', `/stocks/1/skus/${sku}/salable`),
    ),
    stockStatus: await forSeconds(READ_SECONDS, CONCURRENCY, () =>
      request('GET', `/sales-channels/base/skus/${sku}/stock-status`),
    ),
    isSalable: await forSeconds(READ_SECONDS, CONCURRENCY, () =>
      request('POST', '/sales-channels/base/is-salable', line),
    ),
  };
}

async function main() {
  const { service, producer } = await startReservationForBench({
    database: DATABASE,
    port: PORT,
    run,
    env: { RATE_LIMIT_PER_SECOND: '1000000' },
  });

  const raced = await race(producer);
  console.log(`[bench] (a) race: ${JSON.stringify(raced)}`);
  const open = await openLoop(producer);
  console.log(`[bench] (b) open loop: ${JSON.stringify(open)}`);
  const read = await reads(producer);
  console.log(`[bench] (c) reads: ${JSON.stringify(read)}`);
  const rss = peakRssMiB(service.pid);
  await producer.disconnect();
  console.log(`[bench] service stopped with exit code ${await service.stop()}`);

  const ratio = (r: { perSecond: number }) => (r.perSecond / read.anchor.perSecond).toFixed(2);
  console.table([
    {
      measure: `(a) granted of ${HOLDS} holds for ${UNITS} units (concurrency ${CONCURRENCY})`,
      value: raced.granted,
    },
    { measure: '(a) answers ≥ 500 or no answer', value: raced.failed },
    { measure: '(a) answers by status', value: JSON.stringify(raced.byStatus) },
    {
      measure: '(a) salable after (the projection caught up in ms)',
      value: `${raced.salableAfter} (${raced.projectionLagMs})`,
    },
    { measure: '(a) holds/s', value: raced.perSecond },
    { measure: '(a) p50 / p99 ms', value: `${raced.p50} / ${raced.p99}` },
    {
      measure: `(b) open loop ${HOLD_RATE} holds/s for ${SECONDS} s: p50 / p99 ms`,
      value: `${open.p50} / ${open.p99}`,
    },
    { measure: '(b) answers by status', value: JSON.stringify(open.byStatus) },
    { measure: '(c) anchor GET /health/live req/s', value: read.anchor.perSecond },
    {
      measure: '(c) GET salable req/s (× anchor), p99 ms',
      value: `${read.salable.perSecond} (${ratio(read.salable)}), ${read.salable.p99}`,
    },
    {
      measure: '(c) GET stock-status req/s (× anchor), p99 ms',
      value: `${read.stockStatus.perSecond} (${ratio(read.stockStatus)}), ${read.stockStatus.p99}`,
    },
    {
      measure: '(c) POST is-salable req/s (× anchor), p99 ms',
      value: `${read.isSalable.perSecond} (${ratio(read.isSalable)}), ${read.isSalable.p99}`,
    },
    { measure: '(d) reservation peak RSS MiB', value: rss ?? 'n/a' },
  ]);
  const problems = [
    raced.granted !== Math.min(UNITS, HOLDS) && `granted ${raced.granted}, not ${Math.min(UNITS, HOLDS)}`,
    raced.failed && `${raced.failed} answers ≥ 500 or none`,
    raced.salableAfter !== Math.max(0, UNITS - HOLDS) && `salable after ${raced.salableAfter}`,
  ].filter(Boolean);
  if (problems.length) {
    console.error(`[bench] wrong: ${problems.join('; ')}`);
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(`[bench] failed: ${error instanceof Error ? error.stack : error}`);
  process.exit(1);
});
