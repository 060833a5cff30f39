/**
 * `npm run bench:scale-out`: the same flash sale with 1, 2 and 3 reservation instances sharing the
 * consumer group and the database (each count on a fresh database), driven through Kafka only.
 * BENCH_ORDERS (30,000) orders of one unit: half for one hot SKU with BENCH_UNITS (1,000), half
 * spread over BENCH_COLD_SKUS (1,000) cold SKUs with BENCH_COLD_UNITS (10) each, published as
 * fast as possible. Per count: decisions/s (first publish → last outcome), accepted, and oversold
 * (accepted beyond a SKU's units, summed; must be 0), with pgbench's single-row UPDATE as the
 * same-run anchor. Environment: BENCH_INSTANCES (1,2,3), PGHOST/PGPORT/PGUSER, KAFKA_BROKERS.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { TOPICS, createEvent } from '@inventory/contracts';
import { kafkaConnectionFromEnv, toOutgoingMessage } from '@inventory/messaging';
import { SERVICES } from '@inventory/service-runtime';
import { ServiceProcess, freshDatabase, waitFor } from '@inventory/testing';
import { Kafka, Producer } from 'kafkajs';
import { pgbenchUpdateTps } from './pgbench';
import {
  Outcome,
  orderMessage,
  peakRssMiB,
  salableOf,
  sendOrders,
  watchOutcomes,
} from './reservation-bench-kit';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 30_000);
const UNITS = Number(process.env.BENCH_UNITS ?? 1_000);
const COLD_SKUS = Number(process.env.BENCH_COLD_SKUS ?? 1_000);
const COLD_UNITS = Number(process.env.BENCH_COLD_UNITS ?? 10);
const INSTANCES = (process.env.BENCH_INSTANCES ?? '1,2,3').split(',').map(Number);
const DATABASE = 'inventory_reservation_bench';
const FIRST_PORT = Number(process.env.BENCH_PORT ?? 3220);

const sourceItemsSaved = (sku: string, quantity: number) =>
  toOutgoingMessage(
    createEvent(
      'SourceItemsSaved',
      {
        sku,
        items: [{ sourceCode: 'default', quantity, status: 'in_stock', notifyStockQty: null }],
        reason: 'manual',
      },
      { source: 'bench' },
    ),
    sku,
  );

/** The hot SKU and the cold ones stocked through the catalog topic; waits until instance 0 sells them. */
async function stock(producer: Producer, port: number, hot: string, cold: readonly string[]) {
  const messages = [sourceItemsSaved(hot, UNITS), ...cold.map((sku) => sourceItemsSaved(sku, COLD_UNITS))];
  await producer.send({
    topic: TOPICS.catalog,
    messages: messages.map(({ key, value, headers }) => ({ key, value, headers })),
  });
  for (const [sku, quantity] of [[hot, UNITS] as const, ...cold.map((sku) => [sku, COLD_UNITS] as const)])
    await waitFor(async () => ((await salableOf(port, sku)) === quantity ? true : undefined), {
      what: `salable ${quantity} of ${sku}`,
      timeoutMs: 120_000,
      intervalMs: 100,
    });
}

async function saleWith(count: number) {
  const run = `${randomUUID().slice(0, 8)}-${count}`;
  const databaseUrl = await freshDatabase(DATABASE);
  const services = Array.from(
    { length: count },
    (_, index) =>
      new ServiceProcess('reservation', FIRST_PORT + index, {
        [SERVICES.reservation.portVariable]: String(FIRST_PORT + index),
        RESERVATION_DATABASE_URL: databaseUrl,
        KAFKA_GROUP_SUFFIX: `-bench-${run}`,
        KAFKA_FROM_BEGINNING: 'false',
        LOG_LEVEL: 'warn',
      }),
  );
  await Promise.all(services.map((service) => service.start()));
  const kafka = new Kafka(kafkaConnectionFromEnv(`bench-${run}`));
  const producer = kafka.producer();
  await producer.connect();
  const observer = await watchOutcomes(kafka, run);

  const hot = `SCALE-HOT-${run}`;
  const cold = Array.from({ length: COLD_SKUS }, (_, index) => `SCALE-COLD-${run}-${index}`);
  await stock(producer, FIRST_PORT, hot, cold);
  // Every instance owns some of the orders topic's partitions before the sale starts.
  await new Promise((resolve) => setTimeout(resolve, 3_000));

  const skuOf = new Map<string, string>();
  const ids = Array.from({ length: ORDERS }, (_, index) => {
    const id = `${run}-order-${index}`;
    skuOf.set(id, index % 2 === 0 ? hot : cold[Math.floor(Math.random() * cold.length)]);
    return id;
  });
  const started = performance.now();
  for (let i = 0; i < ids.length; i += 5_000)
    await sendOrders(
      producer,
      ids.slice(i, i + 5_000).map((id) => orderMessage(id, skuOf.get(id) as string)),
    );
  await waitFor(() => (ids.every((id) => observer.outcomes.has(id)) ? true : undefined), {
    what: `${ORDERS} outcomes`,
    timeoutMs: 20 * 60_000,
    intervalMs: 500,
  });
  const decided = ids.map((id) => [id, observer.outcomes.get(id) as Outcome] as const);
  const acceptedBySku = new Map<string, number>();
  for (const [id, outcome] of decided)
    if (outcome.type === 'OrderReservationPlaced')
      acceptedBySku.set(skuOf.get(id) as string, (acceptedBySku.get(skuOf.get(id) as string) ?? 0) + 1);
  const oversold = [...acceptedBySku].reduce(
    (sum, [sku, accepted]) => sum + Math.max(0, accepted - (sku === hot ? UNITS : COLD_UNITS)),
    0,
  );
  const last = Math.max(...decided.map(([, outcome]) => outcome.at));
  const rss = services.map((service) => peakRssMiB(service.pid) ?? 0);
  await observer.stop();
  await producer.disconnect();
  const exits = await Promise.all(services.map((service) => service.stop()));
  return {
    instances: count,
    perSecond: Math.round((ORDERS / (last - started)) * 1000),
    accepted: [...acceptedBySku.values()].reduce((a, b) => a + b, 0),
    hotAccepted: acceptedBySku.get(hot) ?? 0,
    oversold,
    peakRssMiB: Math.max(...rss),
    exits: exits.join(','),
  };
}

async function main() {
  const results = [];
  for (const count of INSTANCES) {
    const result = await saleWith(count);
    console.log(`[bench] ${count} instance(s): ${JSON.stringify(result)}`);
    results.push(result);
  }
  const tps = pgbenchUpdateTps(DATABASE, 16, 10);
  console.log(`[bench] pgbench single-row UPDATE, 16 clients: ${tps} tps`);
  console.table(
    results.map((result) => ({
      instances: result.instances,
      'decisions/s': result.perSecond,
      '× pgbench': (result.perSecond / tps).toFixed(2),
      accepted: result.accepted,
      'hot accepted': result.hotAccepted,
      oversold: result.oversold,
      'peak RSS MiB': result.peakRssMiB,
    })),
  );
}

main().catch((error) => {
  console.error(`[bench] failed: ${error instanceof Error ? error.stack : error}`);
  process.exit(1);
});
