import { createEvent, TOPICS } from '@inventory/contracts';
import { kafkaConnectionFromEnv, toOutgoingMessage } from '@inventory/messaging';
import { SERVICES } from '@inventory/service-runtime';
import { ServiceProcess, freshDatabase, waitFor } from '@inventory/testing';
import { readFileSync } from 'node:fs';
import { Kafka, Producer } from 'kafkajs';
import { apiKeyFromEnv } from '../demo/demo-http';

/** The p-th fraction of sorted values (0.5: the median, 0.99: p99). */
export const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

/** The reservation service's salable quantity of a SKU in stock 1. */
export async function salableOf(port: number, sku: string): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/stocks/1/skus/${sku}/salable`, {
    headers: { 'x-api-key': apiKeyFromEnv() },
  });
  return ((await response.json()) as { salableQty: number }).salableQty;
}

/**
 * Puts `quantity` units of `sku` on the default source, as the catalog would (a SourceItemsSaved
 * on inventory.catalog.v1), and waits until the reservation service on `port` sells them.
 */
export async function stockThroughCatalog(producer: Producer, port: number, sku: string, quantity: number) {
  const saved = createEvent(
    'SourceItemsSaved',
    {
      sku,
      items: [{ sourceCode: 'default', quantity, status: 'in_stock', notifyStockQty: null }],
      reason: 'manual',
    },
    { source: 'bench' },
  );
  const { key, value, headers } = toOutgoingMessage(saved, sku);
  await producer.send({ topic: TOPICS.catalog, messages: [{ key, value, headers }] });
  await waitFor(async () => ((await salableOf(port, sku)) === quantity ? true : undefined), {
    what: `salable ${quantity} of ${sku}`,
    timeoutMs: 60_000,
  });
}

/** The peak resident set of a process so far, in MiB (VmHWM), or undefined off Linux. */
export function peakRssMiB(pid: number | undefined): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
    return Number.isFinite(kib) ? Math.round(kib / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The built reservation service as its own process on a fresh database `database`, port `port`,
 * consumer groups of the run, and a connected producer for the run's events.
 */
export async function startReservationForBench(options: {
  readonly database: string;
  readonly port: number;
  readonly run: string;
  readonly env?: NodeJS.ProcessEnv;
}) {
  const { database, port, run } = options;
  const databaseUrl = await freshDatabase(database);
  const service = new ServiceProcess('reservation', port, {
    [SERVICES.reservation.portVariable]: String(port),
    RESERVATION_DATABASE_URL: databaseUrl,
    KAFKA_GROUP_SUFFIX: `-bench-${run}`,
    KAFKA_FROM_BEGINNING: 'false',
    LOG_LEVEL: 'warn',
    ...options.env,
  });
  await service.start();
  console.log(`[bench] reservation (pid ${service.pid}) on port ${port}, database ${database}`);
  const kafka = new Kafka(kafkaConnectionFromEnv(`bench-${run}`));
  const producer = kafka.producer();
  await producer.connect();
  return { databaseUrl, service, kafka, producer };
}
