import { createEvent, TOPICS } from '@inventory/contracts';
import { kafkaConnectionFromEnv, toOutgoingMessage } from '@inventory/messaging';
import { SERVICES } from '@inventory/service-runtime';
import { ServiceProcess, freshDatabase, jsonOrUndefined, waitFor } from '@inventory/testing';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
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

/** An order's outcome as the benchmark saw it arrive on inventory.reservations.v1. */
export interface Outcome {
  readonly type: string;
  readonly at: number;
}

/** Watches inventory.reservations.v1 for the orders of run `run`, noting when each outcome arrived. */
export async function watchOutcomes(kafka: Kafka, run: string) {
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

/** An OrderPlaced of one unit of `sku` on the channel "base", keyed by its order id. */
export const orderMessage = (orderId: string, sku: string) =>
  toOutgoingMessage(
    createEvent(
      'OrderPlaced',
      { orderId, salesChannel: 'base', items: [{ sku, qty: 1 }], placedAt: new Date().toISOString() },
      { source: 'bench' },
    ),
    orderId,
  );

export async function sendOrders(producer: Producer, messages: ReturnType<typeof orderMessage>[]) {
  await producer.send({
    topic: TOPICS.orders,
    messages: messages.map(({ key, value, headers }) => ({ key, value, headers })),
  });
}
