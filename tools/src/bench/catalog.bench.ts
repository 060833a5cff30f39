/**
 * `npm run bench:catalog`: the built catalog-inventory service as its own process on a fresh
 * database, driven over HTTP on 127.0.0.1, with the real broker for its outbox.
 *   (a) bulk upsert: POST /source-items in batches of 10,000 rows
 *   (b) CSV import: POST /source-items/import of 1,000,000 rows, streamed, with peak memory
 * Environment: BENCH_UPSERT_BATCHES (20), BENCH_CSV_ROWS (1000000), PGHOST/PGPORT/PGUSER, KAFKA_BROKERS.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { Readable } from 'node:stream';
import { SERVICES } from '@inventory/service-runtime';
import { ServiceProcess, freshDatabase } from '@inventory/testing';
import { apiKeyFromEnv } from '../demo/demo-http';

const DATABASE = 'inventory_catalog_bench';
const UPSERT_BATCHES = Number(process.env.BENCH_UPSERT_BATCHES ?? 20);
const CSV_ROWS = Number(process.env.BENCH_CSV_ROWS ?? 1_000_000);

function send(
  port: number,
  path: string,
  contentType: string,
  body: Readable | string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: { 'content-type': contentType, 'x-api-key': apiKeyFromEnv() },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      },
    );
    request.on('error', reject);
    if (typeof body === 'string') request.end(body);
    else body.pipe(request);
  });
}

/** Peak resident memory of a process since its counter was last reset (Linux's VmHWM). */
function peakRssMib(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

/** Resets VmHWM to the current RSS, so the next peak is the import's own. */
function resetPeakRss(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

async function main() {
  const port = Number(process.env.BENCH_PORT ?? 3201);
  const service = new ServiceProcess('catalog-inventory', port, {
    [SERVICES['catalog-inventory'].portVariable]: String(port),
    CATALOG_INVENTORY_DATABASE_URL: await freshDatabase(DATABASE),
    KAFKA_GROUP_SUFFIX: `-bench-${randomUUID()}`,
    LOG_LEVEL: 'warn',
  });
  await service.start();
  const pid = service.pid as number;
  console.log(`[bench] catalog-inventory (pid ${pid}) on port ${port}, database ${DATABASE}`);

  // (a) bulk upsert, 10,000 rows per request
  let upserted = 0;
  const upsertStarted = Date.now();
  for (let batch = 0; batch < UPSERT_BATCHES; batch++) {
    const items = Array.from({ length: 10_000 }, (_, i) => ({
      sku: `UP-${batch}-${i}`,
      sourceCode: 'default',
      quantity: (batch + i) % 100,
      status: 'in_stock',
    }));
    const response = await send(port, '/source-items', 'application/json', JSON.stringify({ items }));
    if (response.status !== 200)
      throw new Error(`upsert failed: ${response.status} ${response.body.slice(0, 300)}`);
    upserted += items.length;
  }
  const upsertMs = Date.now() - upsertStarted;
  const upsertRate = Math.round((upserted / upsertMs) * 1000);
  console.log(
    `[bench] (a) bulk upsert: ${upsertRate} rows/s (${upserted} rows in ${UPSERT_BATCHES} requests of 10,000)`,
  );

  // (b) CSV import, streamed from a generator: neither side holds the file
  async function* csv() {
    yield 'sku,source_code,quantity,status\n';
    for (let i = 0; i < CSV_ROWS; i += 1_000) {
      yield Array.from(
        { length: Math.min(1_000, CSV_ROWS - i) },
        (_, j) => `CSV-${i + j},default,${(i + j) % 100},in_stock\n`,
      ).join('');
    }
  }
  const beforeRss = peakRssMib(pid);
  resetPeakRss(pid);
  const importStarted = Date.now();
  const result = await send(
    port,
    '/source-items/import?mode=all_or_nothing',
    'text/csv',
    Readable.from(csv()),
  );
  const importMs = Date.now() - importStarted;
  const peakRss = peakRssMib(pid);
  const report = JSON.parse(result.body);
  if (result.status !== 200 || report.rowsApplied !== CSV_ROWS)
    throw new Error(`import failed: ${result.status} ${result.body.slice(0, 300)}`);
  const importRate = Math.round((CSV_ROWS / importMs) * 1000);
  console.log(
    `[bench] (b) CSV import: ${importRate} rows/s (${CSV_ROWS} rows in ${Math.round(importMs / 1000)} s), service peak RSS ${peakRss} MiB`,
  );

  console.table([
    { measure: '(a) bulk upsert rows/s (10k-row requests)', value: upsertRate },
    { measure: `(b) CSV import rows/s (${CSV_ROWS} rows)`, value: importRate },
    { measure: '(b) service peak RSS during the import, MiB', value: peakRss },
    { measure: 'service peak RSS before the import, MiB', value: beforeRss },
  ]);
  console.log(`[bench] service stopped with exit code ${await service.stop()}`);
}

main().catch((error) => {
  console.error(`[bench] failed: ${error instanceof Error ? error.stack : error}`);
  process.exit(1);
});
