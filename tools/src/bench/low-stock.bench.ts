/**
 * `npm run bench:low-stock`: the built notification service as its own process on a fresh
 * database holding 1,000,000 source items (250,000 SKUs × 4 sources, quantities 0–100, every 50th
 * SKU with its own notify quantity 25), with the real broker.
 *   (a) a global "Notify for Quantity Below" change (InventorySettingsChanged through Kafka):
 *       from publish until the background recompute has gone through every item in chunks,
 *       recording each crossing and putting it in the outbox as LowStockDetected
 *   (b) GET /reports/low-stock over HTTP: p50 and p95 of BENCH_RUNS runs for each query shape
 * The rows are written with SQL (generate_series): the consumer path per SKU is what the catalog
 * benchmark and the integration tests measure; this one measures the recompute and the report.
 * Environment: BENCH_SKUS (250000), BENCH_RUNS (30), PGHOST/PGPORT/PGUSER, KAFKA_BROKERS.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createEvent } from '@inventory/contracts';
import { SERVICES } from '@inventory/service-runtime';
import { KafkaTestClient, ServiceProcess, freshDatabase, waitFor } from '@inventory/testing';
import { apiKeyFromEnv } from '../demo/demo-http';

const DATABASE = 'inventory_notification_bench';
const SKUS = Number(process.env.BENCH_SKUS ?? 250_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const SOURCES = 4;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

async function timeQuery(url: string): Promise<{ p50: number; p95: number; total: number; rows: number }> {
  const times: number[] = [];
  let body: { total: number; items: unknown[] } = { total: 0, items: [] };
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const response = await fetch(url, { headers: { 'x-api-key': apiKeyFromEnv() } });
    body = (await response.json()) as typeof body;
    if (response.status !== 200) throw new Error(`${url}: ${response.status} ${JSON.stringify(body)}`);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return {
    p50: percentile(times, 0.5),
    p95: percentile(times, 0.95),
    total: body.total,
    rows: body.items.length,
  };
}

async function main() {
  const port = Number(process.env.BENCH_PORT ?? 3204);
  const databaseUrl = await freshDatabase(DATABASE);
  const service = new ServiceProcess('notification', port, {
    [SERVICES.notification.portVariable]: String(port),
    NOTIFICATION_DATABASE_URL: databaseUrl,
    KAFKA_GROUP_SUFFIX: `-bench-${randomUUID()}`,
    KAFKA_FROM_BEGINNING: 'false',
    LOG_LEVEL: 'warn',
  });
  await service.start();
  console.log(`[bench] notification (pid ${service.pid}) on port ${port}, database ${DATABASE}`);
  try {
    await measure(port, databaseUrl);
  } finally {
    console.log(`[bench] service stopped with exit code ${await service.stop()}`);
  }
}

async function measure(port: number, databaseUrl: string) {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const seedStarted = Date.now();
  await db.query(
    `INSERT INTO source_items (sku, source_code, quantity, status, notify_stock_qty)
     SELECT 'SKU-' || lpad(s::text, 7, '0'), 'src-' || src, floor(random() * 101), 'in_stock',
            CASE WHEN s % 50 = 0 THEN 25 END
       FROM generate_series(1, $1::int) s, generate_series(1, $2::int) src`,
    [SKUS, SOURCES],
  );
  await db.query('VACUUM ANALYZE source_items');
  const items = SKUS * SOURCES;
  console.log(`[bench] ${items.toLocaleString()} source items written in ${Date.now() - seedStarted} ms`);

  // (a) a global change through Kafka: every item recomputed in the consumer's transaction
  const kafka = new KafkaTestClient();
  const change = createEvent(
    'InventorySettingsChanged',
    { scope: 'global', settings: { notifyStockQty: 10 } },
    { source: 'catalog-inventory' },
  );
  const published = Date.now();
  await kafka.publish(change, 'global');
  await waitFor(
    async () => {
      const { rows } = await db.query(
        `SELECT EXISTS (SELECT 1 FROM processed_events WHERE event_id = $1)
                AND NOT EXISTS (SELECT 1 FROM low_stock_recompute) AS done`,
        [change.eventId],
      );
      return rows[0].done ? true : undefined;
    },
    { what: 'the global change applied', timeoutMs: 600_000, intervalMs: 200 },
  );
  const recomputeMs = Date.now() - published;
  const {
    rows: [{ low, crossings }],
  } = await db.query(
    `SELECT (SELECT count(*) FROM source_items WHERE is_low)::int AS low,
            (SELECT count(*) FROM low_stock_crossings)::int AS crossings`,
  );
  await db.query('ANALYZE source_items');
  console.log(
    `[bench] global change applied in ${recomputeMs} ms: ${low.toLocaleString()} low, ${crossings.toLocaleString()} crossings`,
  );

  // (b) the report
  const base = `http://127.0.0.1:${port}/reports/low-stock`;
  const shapes: [string, string][] = [
    ['all low, by quantity, first 100', `${base}`],
    ['one source, by quantity', `${base}?sourceCode=src-2`],
    ['SKU prefix (1,000 SKUs), by quantity', `${base}?skuPrefix=SKU-012`],
    ['SKU prefix (10 SKUs)', `${base}?skuPrefix=SKU-01234`],
    ['by SKU', `${base}?sort=sku`],
    ['by quantity descending, offset 10,000', `${base}?sort=-quantity&offset=10000`],
    ['1,000 rows', `${base}?limit=1000`],
  ];
  const table: Record<string, string | number>[] = [];
  for (const [name, url] of shapes) {
    const { p50, p95, total, rows } = await timeQuery(url);
    table.push({ query: name, 'p50 ms': Math.round(p50), 'p95 ms': Math.round(p95), rows, total });
  }
  console.log(
    `[bench] GET /reports/low-stock over ${items.toLocaleString()} source items, ${RUNS} runs each:`,
  );
  console.table(table);

  await kafka.close();
  await db.end();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
