/**
 * `npm run test:faults`: issue 10's faults under load, against the built services as processes on
 * databases of their own and a fresh broker (scripts/bench.sh).
 *   (1) A flash sale of 20,000 one-unit orders on a SKU of 1,000 units, published at a steady rate
 *       through Kafka while the accepted orders are shipped over HTTP. Meanwhile: kill -9 of the
 *       reservation service (twice), a restart of the Kafka broker, a restart of PostgreSQL.
 *       Then: accepted = 1,000, oversold 0, one outcome per order (none lost, none doubled, in the
 *       topic and in the event store), every shipment deducted at the catalog once.
 *   (2) A 100,000-row CSV import killed (kill -9 of the catalog service) part way, then sent again
 *       under the same importId: applied completely, no row applied twice.
 * Prints a table of faults, messages in, outcomes out, lost and duplicated; exits 1 if a check fails.
 * Environment: FAULTS_ORDERS (20000), FAULTS_UNITS (1000), FAULTS_RATE (250 orders/s), FAULTS_CSV_ROWS (100000).
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { TOPICS, createEvent } from '@inventory/contracts';
import { kafkaConnectionFromEnv, readTopic, toOutgoingMessage } from '@inventory/messaging';
import { SERVICES, ServiceName } from '@inventory/service-runtime';
import { ServiceProcess, freshDatabase, waitFor } from '@inventory/testing';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { apiKeyFromEnv, requestJson } from '../demo/demo-http';
import { restartKafka, restartPostgres } from './fault-injection';

const ORDERS = Number(process.env.FAULTS_ORDERS ?? 20_000);
const UNITS = Number(process.env.FAULTS_UNITS ?? 1_000);
const RATE = Number(process.env.FAULTS_RATE ?? 250);
const CSV_ROWS = Number(process.env.FAULTS_CSV_ROWS ?? 100_000);
const run = randomUUID().slice(0, 8);
const PORTS: Record<Exclude<ServiceName, 'notification'>, number> = {
  'catalog-inventory': 3301,
  reservation: 3302,
  fulfillment: 3303,
};

interface Row {
  scenario: string;
  'faults injected': string;
  'messages in': number;
  'outcomes out': number;
  lost: number;
  duplicated: number;
  check: string;
}

const failures: string[] = [];
const check = (ok: boolean, what: string) => {
  if (!ok) failures.push(what);
  return ok;
};
const log = (text: string) => console.log(`[faults] ${new Date().toISOString().slice(11, 19)} ${text}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Tries `work` until it succeeds: the services and the broker come and go during the run. */
async function persist<T>(what: string, work: () => Promise<T>, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${what}: still failing after ${timeoutMs} ms: ${error}`);
      await sleep(500);
    }
  }
}

async function http(service: keyof typeof PORTS, method: string, path: string, body?: unknown) {
  const response = await requestJson(method, `http://127.0.0.1:${PORTS[service]}${path}`, body);
  if (response.status >= 500)
    throw new Error(`${method} ${path}: ${response.status} ${response.text.slice(0, 200)}`);
  return response;
}

function serviceProcess(name: keyof typeof PORTS, databases: Record<string, string>): ServiceProcess {
  return new ServiceProcess(name, PORTS[name], {
    [SERVICES[name].portVariable]: String(PORTS[name]),
    [SERVICES[name].databaseUrlVariable]: databases[name],
    KAFKA_GROUP_SUFFIX: `-faults-${run}`,
    KAFKA_FROM_BEGINNING: 'false',
    RATE_LIMIT_PER_SECOND: '100000',
    LOG_LEVEL: 'warn',
  });
}

async function restart(service: ServiceProcess, how: 'kill -9'): Promise<void> {
  log(`${how} ${service.name} (pid ${service.pid})`);
  await service.kill();
  await service.start();
  log(`${service.name} is back (pid ${service.pid}) and ready`);
}

/** (1) The flash sale under faults. */
async function flashSale(databases: Record<string, string>, rows: Row[]): Promise<void> {
  const services = {
    catalog: serviceProcess('catalog-inventory', databases),
    reservation: serviceProcess('reservation', databases),
    fulfillment: serviceProcess('fulfillment', databases),
  };
  await Promise.all(Object.values(services).map((service) => service.start()));
  const sku = `FAULT-${run}`;
  await http('catalog-inventory', 'POST', '/source-items', {
    items: [{ sku, sourceCode: 'default', quantity: UNITS, status: 'in_stock' }],
  });
  await waitFor(
    async () =>
      (await http('reservation', 'GET', `/stocks/1/skus/${sku}/salable`)).body.salableQty === UNITS
        ? true
        : undefined,
    { what: `salable ${UNITS}`, timeoutMs: 60_000 },
  );
  log(`${UNITS} units of ${sku}; publishing ${ORDERS} orders at ${RATE}/s`);

  const kafka = new Kafka({ ...kafkaConnectionFromEnv(`faults-${run}`), logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  const orderIds = Array.from({ length: ORDERS }, (_, i) => `${run}-${String(i).padStart(6, '0')}`);

  // Shipping: every accepted order, as fulfillment learns of it, one shipment each (retried under
  // the same shipmentId, so a retry after a lost answer ships once).
  const shipped = new Set<string>();
  const acceptedSoFar = await watchAcceptedOrders(kafka, sku);
  let publishing = true;
  const shipping = (async () => {
    for (;;) {
      for (const orderId of [...acceptedSoFar.orders]) {
        if (shipped.has(orderId)) continue;
        const answer = await http('fulfillment', 'POST', '/shipments', {
          shipmentId: `ship-${orderId}`,
          orderId,
          items: [{ sku, sourceCode: 'default', qty: 1 }],
        }).catch(() => undefined);
        if (answer && [200, 201].includes(answer.status)) shipped.add(orderId);
      }
      if (!publishing && acceptedSoFar.orders.size >= UNITS && shipped.size >= acceptedSoFar.orders.size)
        return;
      await sleep(1_000);
    }
  })();

  const seconds = ORDERS / RATE;
  const started = Date.now();
  const faults: string[] = [];
  const injecting = (async () => {
    const at = async (fraction: number) =>
      sleep(Math.max(0, started + fraction * seconds * 1_000 - Date.now()));
    await at(0.1);
    await restart(services.reservation, 'kill -9');
    faults.push('kill -9 reservation');
    await at(0.3);
    log('restarting the Kafka broker');
    await restartKafka();
    faults.push('Kafka broker restart');
    log('the Kafka broker is back');
    await at(0.5);
    log('restarting PostgreSQL');
    await restartPostgres();
    faults.push('PostgreSQL restart');
    log('PostgreSQL is back');
    await at(0.7);
    await restart(services.reservation, 'kill -9');
    faults.push('kill -9 reservation');
  })();

  const batch = Math.max(1, Math.round(RATE / 5));
  for (let i = 0; i < orderIds.length; i += batch) {
    const messages = orderIds.slice(i, i + batch).map((orderId) => {
      const placed = createEvent(
        'OrderPlaced',
        { orderId, salesChannel: 'base', items: [{ sku, qty: 1 }], placedAt: new Date().toISOString() },
        { source: 'faults' },
      );
      const { key, value, headers } = toOutgoingMessage(placed, orderId);
      return { key, value, headers: { ...headers } };
    });
    await persist('publishing orders', () => producer.send({ topic: TOPICS.orders, acks: -1, messages }));
    await sleep(Math.max(0, started + ((i + batch) / RATE) * 1_000 - Date.now()));
  }
  publishing = false;
  log(`published ${ORDERS} orders in ${Math.round((Date.now() - started) / 1000)} s`);
  await injecting;
  await producer.disconnect();

  // Every order decided: read the outcomes topic from its start, once all are there.
  const outcomes = await waitFor(
    async () => {
      const byOrder = await outcomesByOrder(kafka, sku);
      return byOrder.size >= ORDERS ? byOrder : undefined;
    },
    { what: `${ORDERS} order outcomes`, timeoutMs: 10 * 60_000, intervalMs: 5_000 },
  ).catch(async () => outcomesByOrder(kafka, sku));
  await Promise.race([shipping, sleep(10 * 60_000)]);
  await acceptedSoFar.stop();

  // Every shipment deducted at the catalog: the source is empty, each shipment deducted once.
  await waitFor(
    async () => {
      const items = (await http('catalog-inventory', 'GET', `/source-items?sku=${sku}`)).body.items;
      return items[0]?.quantity === UNITS - shipped.size ? true : undefined;
    },
    { what: 'the catalog to deduct every shipment', timeoutMs: 5 * 60_000 },
  ).catch(() => undefined);
  const deductions = await catalogDeductions(databases['catalog-inventory'], sku);
  const decisions = await storedDecisions(databases.reservation, run);
  const salable = (await http('reservation', 'GET', `/stocks/1/skus/${sku}/salable`)).body.salableQty;
  const sourceQty = (await http('catalog-inventory', 'GET', `/source-items?sku=${sku}`)).body.items[0]
    ?.quantity;
  const deadLetters = (await readTopic(kafka, `${TOPICS.orders}.dlq`)).filter((m) =>
    m.key?.startsWith(run),
  ).length;
  // Only the injected kills may have stopped a service: none may have died of the faults.
  const crashed = Object.values(services)
    .filter((service) => !service.running)
    .map((service) => service.name);
  await Promise.all(Object.values(services).map((service) => service.stop()));

  const accepted = [...outcomes.values()].filter((o) => o.types.has('OrderReservationPlaced')).length;
  const doubled = [...outcomes.values()].filter((o) => o.eventIds.size > 1 || o.types.size > 1).length;
  const lost = orderIds.filter((id) => !outcomes.has(id)).length;
  log(
    `decided ${outcomes.size}, accepted ${accepted}, shipped ${shipped.size}, source ${sourceQty}, salable ${salable}`,
  );
  const ok = [
    check(accepted === UNITS, `accepted ${accepted}, expected ${UNITS}`),
    check(accepted <= UNITS, `oversold ${accepted - UNITS}`),
    check(lost === 0, `${lost} orders without an outcome`),
    check(doubled === 0, `${doubled} orders with more than one outcome`),
    check(
      decisions.orders === ORDERS && decisions.doubled === 0,
      `event store: ${decisions.orders} order streams, ${decisions.doubled} with two decisions`,
    ),
    check(deadLetters === 0, `${deadLetters} orders dead-lettered`),
    check(shipped.size === accepted, `shipped ${shipped.size} of ${accepted} accepted`),
    check(
      deductions.shipments === shipped.size && deductions.doubled === 0,
      `catalog deducted ${deductions.shipments} shipments, ${deductions.doubled} twice`,
    ),
    check(
      sourceQty === UNITS - shipped.size,
      `source quantity ${sourceQty}, expected ${UNITS - shipped.size}`,
    ),
    check(salable === 0, `salable ${salable} at the end, expected 0`),
    check(crashed.length === 0, `${crashed.join(', ')} died during the run`),
  ].every(Boolean);
  rows.push(
    {
      scenario: `flash sale: ${ORDERS} one-unit orders for ${UNITS} units at ${RATE}/s (orders.v1)`,
      'faults injected': faults.join(', '),
      'messages in': ORDERS,
      'outcomes out': outcomes.size,
      lost,
      duplicated: doubled,
      check: ok ? `ok: accepted ${accepted}, oversold 0, salable 0, no order dead-lettered` : 'FAILED',
    },
    {
      scenario: 'shipments of the accepted orders, POST /shipments during the same faults',
      'faults injected': 'the same',
      'messages in': shipped.size,
      'outcomes out': deductions.shipments,
      lost: shipped.size - deductions.shipments,
      duplicated: deductions.doubled,
      check: ok ? `ok: each deducted at the catalog once, source ${sourceQty}` : 'FAILED',
    },
  );
}

/** The first outcome event ids and types of each of this run's orders on inventory.reservations.v1. */
async function outcomesByOrder(kafka: Kafka, sku: string) {
  const byOrder = new Map<string, { eventIds: Set<string>; types: Set<string> }>();
  for (const message of await readTopic(kafka, TOPICS.reservations)) {
    const event = JSON.parse(message.value ?? '{}');
    if (!['OrderReservationPlaced', 'OrderReservationRejected'].includes(event.type)) continue;
    const lines: { sku: string }[] = event.data.items ?? event.data.lines ?? [];
    if (!lines.some((line) => line.sku === sku)) continue;
    const outcome = byOrder.get(event.data.orderId) ?? { eventIds: new Set(), types: new Set() };
    outcome.eventIds.add(event.eventId);
    outcome.types.add(event.type);
    byOrder.set(event.data.orderId, outcome);
  }
  return byOrder;
}

/** The orders of the SKU accepted so far, as they arrive (a consumer of inventory.reservations.v1). */
async function watchAcceptedOrders(kafka: Kafka, sku: string) {
  const orders = new Set<string>();
  const consumer = kafka.consumer({ groupId: `faults-shipper-${run}`, maxWaitTimeInMs: 500 });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPICS.reservations, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const event = JSON.parse(message.value?.toString() ?? '{}');
      if (
        event.type === 'OrderReservationPlaced' &&
        event.data.items.some((line: { sku: string }) => line.sku === sku)
      ) {
        orders.add(event.data.orderId);
      }
    },
  });
  return { orders, stop: () => consumer.disconnect() };
}

async function query<T>(url: string, sql: string, params: unknown[]): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The order streams of this run in the event store, and any with more than one decision. */
async function storedDecisions(url: string, prefix: string) {
  const rows = await query<{ decisions: number }>(
    url,
    `SELECT count(*)::int AS decisions FROM es_events
      WHERE stream_id LIKE $1 AND event_type IN ('OrderReservationPlaced', 'OrderReservationRejected')
      GROUP BY stream_id`,
    [`order-${prefix}-%`],
  );
  return { orders: rows.length, doubled: rows.filter((row) => row.decisions > 1).length };
}

/** The catalog's deductions of shipments of the SKU (its outbox), and any shipment deducted twice. */
async function catalogDeductions(url: string, sku: string) {
  const rows = await query<{ shipment: string; times: number }>(
    url,
    `SELECT payload::jsonb -> 'data' ->> 'shipmentId' AS shipment, count(*)::int AS times FROM outbox
      WHERE event_type = 'SourceItemsSaved' AND message_key = $1 AND payload::jsonb -> 'data' ->> 'reason' = 'shipment'
      GROUP BY 1`,
    [sku],
  );
  return { shipments: rows.length, doubled: rows.filter((row) => row.times > 1).length };
}

/** (2) The CSV import killed part way and sent again. */
async function csvImport(databases: Record<string, string>, rows: Row[]): Promise<void> {
  const catalog = serviceProcess('catalog-inventory', databases);
  await catalog.start();
  const importId = `faults-${run}`;
  const file = () =>
    Readable.from(
      (function* () {
        yield 'sku,source_code,quantity,status\n';
        for (let i = 0; i < CSV_ROWS; i += 1_000) {
          yield Array.from(
            { length: Math.min(1_000, CSV_ROWS - i) },
            (_, j) => `IMP-${run}-${i + j},default,${(i + j) % 97},in_stock\n`,
          ).join('');
        }
      })(),
    );
  const send = () =>
    fetch(`http://127.0.0.1:${PORTS['catalog-inventory']}/source-items/import?importId=${importId}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', 'x-api-key': apiKeyFromEnv() },
      body: Readable.toWeb(file()) as ReadableStream,
      duplex: 'half',
    } as RequestInit);

  const first = send().then(
    (response) => `answered ${response.status}`,
    (error: Error) => `failed: ${error.message}`,
  );
  await sleep(1_500);
  log(`kill -9 catalog-inventory (pid ${catalog.pid}) during the import`);
  await catalog.kill();
  log(`the first request ${await first}`);
  const stored = async () =>
    (
      await query<{ n: number }>(
        databases['catalog-inventory'],
        `SELECT count(*)::int AS n FROM source_items WHERE sku LIKE $1`,
        [`IMP-${run}-%`],
      )
    )[0].n;
  const afterCrash = await stored();
  check(
    afterCrash === 0 || afterCrash === CSV_ROWS,
    `after the crash ${afterCrash} rows were stored: neither none nor all`,
  );
  await catalog.start();
  log(`catalog-inventory is back; ${afterCrash} of ${CSV_ROWS} rows were stored; sending the file again`);
  const again = await send();
  const report = (await again.json()) as { applied: boolean; rowsApplied: number; alreadyApplied?: boolean };
  const once = await send();
  const onceMore = (await once.json()) as { alreadyApplied?: boolean };
  const applied = await query<{ rows: number; skus: number; sum: string }>(
    databases['catalog-inventory'],
    `SELECT count(*)::int AS rows, count(DISTINCT message_key)::int AS skus, '' AS sum FROM outbox
      WHERE event_type = 'SourceItemsSaved' AND message_key LIKE $1`,
    [`IMP-${run}-%`],
  );
  const [{ total }] = await query<{ total: string }>(
    databases['catalog-inventory'],
    `SELECT sum(quantity)::text AS total FROM source_items WHERE sku LIKE $1`,
    [`IMP-${run}-%`],
  );
  const expectedTotal = Array.from({ length: CSV_ROWS }, (_, i) => i % 97).reduce((a, b) => a + b, 0);
  await catalog.stop();
  const rowsStored = await stored();
  const events = applied[0];
  const ok = [
    check(
      report.applied && (report.rowsApplied === CSV_ROWS || report.alreadyApplied === true),
      `the second import: ${JSON.stringify(report)}`,
    ),
    check(onceMore.alreadyApplied === true, 'the third send was applied again'),
    check(rowsStored === CSV_ROWS, `${rowsStored} of ${CSV_ROWS} rows stored`),
    check(Number(total) === expectedTotal, `quantities sum to ${total}, expected ${expectedTotal}`),
    check(
      events.rows === CSV_ROWS && events.skus === CSV_ROWS,
      `${events.rows} SourceItemsSaved for ${events.skus} SKUs`,
    ),
  ].every(Boolean);
  rows.push({
    scenario: `CSV import of ${CSV_ROWS} rows, sent again under its importId`,
    'faults injected': `kill -9 catalog-inventory after 1.5 s (then ${afterCrash} rows stored)`,
    'messages in': CSV_ROWS,
    'outcomes out': events.skus,
    lost: CSV_ROWS - rowsStored,
    duplicated: events.rows - events.skus,
    check: ok ? 'ok: applied once, completely; a third send answered "already applied"' : 'FAILED',
  });
}

async function main() {
  const databases = Object.fromEntries(
    await Promise.all(
      (Object.keys(PORTS) as (keyof typeof PORTS)[]).map(
        async (service) => [service, await freshDatabase(`${SERVICES[service].database}_faults`)] as const,
      ),
    ),
  );
  const rows: Row[] = [];
  await flashSale(databases, rows);
  await csvImport(databases, rows);
  console.table(rows);
  if (failures.length) {
    console.error(`[faults] FAILED:\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
  console.log('[faults] every check passed: lost 0, duplicated 0');
  process.exit(0); // without waiting for the timers of the deadlines that were not needed
}

main().catch((error) => {
  console.error(`[faults] failed: ${error instanceof Error ? error.stack : error}`);
  process.exit(1);
});
