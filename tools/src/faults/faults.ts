/**
 * `npm run test:faults` (and its short form, FAULTS_SHORT=1, in `RUN_FAULTS=1 npm test`): crashes, outages and restarts
 * under live load, against the built services as processes (two instances of each, one with its
 * clock 5 s ahead) on databases of their own and a broker of its own (scripts/bench.sh).
 *
 * The run is a sequence of phases. Each phase restocks every SKU (the system is quiet then, so an
 * absolute quantity is safe), puts orders on orders.v1 at a steady rate, places cart holds, and
 * ships every accepted order over HTTP, while one fault is injected. Then the load stops and the
 * phase waits until every order has its outcome, every shipment is deducted and every hold has
 * expired, and checks, for every SKU:
 *   source quantity = stocked + restocked − shipped,
 *   salable = source quantity − open reservations (none are left open: 0 by then),
 *   one outcome per order (none lost, none doubled), every shipment deducted once,
 *   every hold expired, at most HOLD_LATE_MS after its expiresAt.
 * Each phase is a row of the table: orders in, outcomes out, lost, doubled, the worst order's
 * publish-to-outcome time (a killed instance's work resumes within the consumer session timeout),
 * and the time from the end of the fault until everything was settled.
 * Then a CSV import killed part way and sent again.
 * Prints the table and exits 1 when a check fails.
 * Environment: FAULTS_SHORT (one short pass), FAULTS_RATE (orders/s), FAULTS_PHASE_SECONDS,
 * FAULTS_SKUS, FAULTS_CSV_ROWS, FAULTS_BROKER_AWAY_SECONDS (60), FAULTS_ONLY (words: run the
 * baseline and only the phases whose names contain one, e.g. FAULTS_ONLY=broker,postgres).
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Readable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { TOPICS, createEvent } from '@inventory/contracts';
import { kafkaConnectionFromEnv, toOutgoingMessage } from '@inventory/messaging';
import {
  SERVICES,
  ServiceName,
  adminConnection,
  databaseRoleOf,
  grantServiceRoles,
  testDatabaseOf,
} from '@inventory/service-runtime';
import { ACCESS_DATABASE } from '@inventory/access-control';
import {
  ServiceProcess,
  SmtpSink,
  TcpProxy,
  freshDatabase,
  jsonOrUndefined,
  waitFor,
} from '@inventory/testing';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { apiKeyFromEnv, requestJson } from '../demo/demo-http';
import { startKafka, startPostgres, stopKafka, stopPostgres } from './fault-injection';
import { CpuMeter, formatShares, reservationLags } from './phase-figures';

const SHORT = process.env.FAULTS_SHORT === '1';
const RATE = Number(process.env.FAULTS_RATE ?? (SHORT ? 60 : 200));
const PHASE_SECONDS = Number(process.env.FAULTS_PHASE_SECONDS ?? (SHORT ? 12 : 30));
const SKUS = Number(process.env.FAULTS_SKUS ?? (SHORT ? 4 : 10));
const CSV_ROWS = Number(process.env.FAULTS_CSV_ROWS ?? (SHORT ? 10_000 : 100_000));
const BROKER_AWAY_SECONDS = Number(process.env.FAULTS_BROKER_AWAY_SECONDS ?? 60);
/** Units put on every SKU per phase: a little less than the phase sells, so the end is tight. */
const RESTOCK = Math.max(1, Math.floor((RATE * PHASE_SECONDS * 0.9) / SKUS));
const HOLD_TTL_SECONDS = 3;
/** How late a hold may be released: the expiry sweep runs every second, under faults it waits. */
const HOLD_LATE_MS = 15_000;
/** How long a phase may take to settle after its load before it counts as failed. */
const SETTLE_MS = SHORT ? 150_000 : 300_000;
const run = randomUUID().slice(0, 8);
/**
 * Reservation #2 reaches the broker through this proxy alone (the broker's proxied listener,
 * scripts/test-kafka.sh): stopping it cuts that instance from the broker and nothing else.
 */
const brokerProxy = new TcpProxy(
  Number(process.env.KAFKA_PROXIED_ADVERTISED_PORT ?? 9098),
  Number(process.env.KAFKA_PROXIED_PORT ?? 9097),
);

type Name = ServiceName;
const PORTS: Record<Name, [number, number]> = {
  'catalog-inventory': [3301, 3311],
  reservation: [3302, 3312],
  fulfillment: [3303, 3313],
  notification: [3304, 3314],
  replenishment: [3305, 3315],
};
const NAMES = Object.keys(PORTS) as Name[];

interface Row {
  fault: string;
  'orders in': number;
  'outcomes out': number;
  lost: number;
  doubled: number;
  'worst outcome (s)': number;
  'recovered in (s)': number;
  checks: string;
}

const failures: string[] = [];
const log = (text: string) => console.log(`[faults] ${new Date().toISOString().slice(11, 19)} ${text}`);
/** What the current phase is doing, said when it overruns its deadline. */
let step = 'starting';
/**
 * The longest a phase may take: its load, two settle waits and the restock's retries. A phase
 * still under way then is stuck on something that never settles: the run says on what and fails,
 * rather than waiting for the CI's own limit.
 */
const PHASE_DEADLINE_MS = PHASE_SECONDS * 1000 + 2 * SETTLE_MS + 300_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Two instances of every service; the second reservation instance's clock is 5 s ahead, and it
 * reaches the broker through the proxy that the network-cut phase stops.
 */
function instances(databases: Record<Name, string>, smtpPort: number) {
  const make = (name: Name, index: 0 | 1) =>
    new ServiceProcess(name, PORTS[name][index], {
      [SERVICES[name].portVariable]: String(PORTS[name][index]),
      [SERVICES[name].databaseUrlVariable]: databases[name],
      KAFKA_GROUP_SUFFIX: `-faults-${run}`,
      KAFKA_FROM_BEGINNING: 'false',
      RATE_LIMIT_PER_SECOND: '100000',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
      LOG_LEVEL: 'warn',
      ...(name === 'reservation' && index === 1
        ? {
            NODE_OPTIONS: `--require ${path.join(__dirname, 'clock-skew.js')}`,
            CLOCK_SKEW_MS: '5000',
            KAFKA_BROKERS: `127.0.0.1:${brokerProxy.listenPort}`,
          }
        : {}),
    });
  return Object.fromEntries(NAMES.map((name) => [name, [make(name, 0), make(name, 1)]])) as Record<
    Name,
    [ServiceProcess, ServiceProcess]
  >;
}

/** An HTTP call to whichever instance of the service answers (the other may be down). */
async function http(
  system: Record<Name, [ServiceProcess, ServiceProcess]>,
  name: Name,
  method: string,
  url: string,
  body?: unknown,
) {
  let last: unknown;
  for (const instance of system[name]) {
    try {
      const response = await requestJson(method, `${instance.url}${url}`, body, 5_000);
      if (response.status < 500) return response;
      last = new Error(`${response.status} ${response.text.slice(0, 200)}`);
    } catch (error) {
      last = error;
    }
  }
  throw new Error(`${method} ${name}${url}: ${last}`);
}

/** Tries `work` until it succeeds: the services, the broker and the database come and go. */
async function persist<T>(what: string, work: () => Promise<T>, timeoutMs = 240_000): Promise<T> {
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

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The outcomes of this run's orders as they arrive on inventory.reservations.v1, with when. */
async function watchOutcomes(kafka: Kafka) {
  const outcomes = new Map<string, { eventIds: Set<string>; placed: boolean; at: number }>();
  const consumer = kafka.consumer({ groupId: `faults-watch-${run}`, maxWaitTimeInMs: 250 });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPICS.reservations, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      // The topic may hold anything earlier runs put there (the suites' poison messages): a
      // message that is not one of this run's outcomes is passed over.
      const event = jsonOrUndefined(message.value?.toString()) as
        { type?: string; eventId: string; data?: { orderId?: string } } | undefined;
      if (!event || !['OrderReservationPlaced', 'OrderReservationRejected'].includes(event.type ?? ''))
        return;
      const orderId = event.data?.orderId;
      if (!orderId?.startsWith(run)) return;
      const outcome = outcomes.get(orderId) ?? {
        eventIds: new Set<string>(),
        placed: false,
        at: Date.now(),
      };
      outcome.eventIds.add(event.eventId);
      outcome.placed ||= event.type === 'OrderReservationPlaced';
      outcomes.set(orderId, outcome);
    },
  });
  return { outcomes, stop: () => consumer.disconnect() };
}

interface Ledger {
  /** Units put on each SKU so far (the first stocking and every restock). */
  readonly stocked: Map<string, number>;
  /** Orders published, with when. */
  readonly published: Map<string, { sku: string; at: number; phase: string }>;
  /** Orders shipped (answered 201/200), by SKU. */
  readonly shipped: Map<string, string>;
  /** Holds granted: id and expiresAt. */
  readonly holds: Map<string, string>;
  /** Shipments the fulfillment service did not take, by answer ("409 insufficient_qty", "error: …"). */
  readonly shipFailures: Map<string, number>;
}

/** One phase: restock, load with one fault, settle, check. */
async function phase(
  fault: string,
  inject: () => Promise<void>,
  context: {
    system: Record<Name, [ServiceProcess, ServiceProcess]>;
    databases: Record<Name, string>;
    kafka: Kafka;
    producer: ReturnType<Kafka['producer']>;
    outcomes: Awaited<ReturnType<typeof watchOutcomes>>['outcomes'];
    ledger: Ledger;
    skus: string[];
  },
  rows: Row[],
): Promise<void> {
  const { system, ledger, skus, outcomes, producer, databases } = context;
  log(`phase: ${fault}`);
  const cpu = new CpuMeter(() => instancePids(system));
  // Restock while quiet: every SKU gets RESTOCK more units (absolute quantity: nothing deducts now).
  step = 'reading the source quantities before the restock';
  const current = await sourceQuantities(system, skus);
  step = 'restocking';
  await persist('restock', () =>
    http(system, 'catalog-inventory', 'POST', '/source-items', {
      items: skus.map((sku) => ({
        sku,
        sourceCode: 'default',
        quantity: (current.get(sku) ?? 0) + RESTOCK,
        status: 'in_stock',
      })),
    }),
  );
  for (const sku of skus) ledger.stocked.set(sku, (ledger.stocked.get(sku) ?? 0) + RESTOCK);

  const phaseOrders: string[] = [];
  let loading = true;
  const started = Date.now();
  const publishing = (async () => {
    let n = 0;
    const batch = Math.max(1, Math.round(RATE / 5));
    while (Date.now() - started < PHASE_SECONDS * 1000) {
      const messages = Array.from({ length: batch }, () => {
        // Numbered across phases by the ledger (each id is set in it at once): never used twice.
        const orderId = `${run}-${String(ledger.published.size).padStart(7, '0')}`;
        n++;
        const sku = skus[n % skus.length];
        phaseOrders.push(orderId);
        ledger.published.set(orderId, { sku, at: Date.now(), phase: fault });
        const placed = createEvent(
          'OrderPlaced',
          { orderId, salesChannel: 'base', items: [{ sku, qty: 1 }], placedAt: new Date().toISOString() },
          { source: 'faults' },
        );
        const { key, value, headers } = toOutgoingMessage(placed, orderId);
        return { key, value, headers: { ...headers } };
      });
      await persist('publishing orders', () => producer.send({ topic: TOPICS.orders, acks: -1, messages }));
      await sleep(Math.max(0, started + ((n + batch) / RATE) * 1000 - Date.now()));
    }
    loading = false;
  })();
  // Cart holds on the same SKUs, through both reservation instances, left to expire.
  const holding = (async () => {
    while (loading) {
      const sku = skus[Math.floor(Math.random() * skus.length)];
      const answer = await http(system, 'reservation', 'POST', '/holds', {
        salesChannel: 'base',
        items: [{ sku, qty: 1 }],
        ttlSeconds: HOLD_TTL_SECONDS,
      }).catch(() => undefined);
      if (answer?.status === 201) ledger.holds.set(answer.body.holdId, answer.body.expiresAt);
      await sleep(500);
    }
  })();
  // Until every order of the phase is decided: outcomes delayed by the fault come after the load.
  const shipping = ship(
    system,
    ledger,
    outcomes,
    () => loading || !phaseOrders.every((id) => outcomes.has(id)),
  );

  await sleep((PHASE_SECONDS * 1000) / 3);
  step = 'injecting the fault';
  await inject();
  step = 'loading';
  const faultEnded = Date.now();
  await publishing;
  await holding;

  // Settle: every order of the phase decided, every accepted order shipped and deducted, every
  // hold expired; how long that took after the fault ended is the recovery time.
  await waitFor(() => (phaseOrders.every((id) => outcomes.has(id)) ? true : undefined), {
    what: `the ${phaseOrders.length} outcomes of the phase`,
    timeoutMs: SETTLE_MS,
    intervalMs: 250,
  }).catch(() => undefined);
  step = 'shipping the accepted orders';
  await shipping;
  step = 'waiting for deductions and hold expiries';
  const settled = await waitFor(
    async () => {
      const quantities = await sourceQuantities(system, skus);
      const expected = skus.every((sku) => quantities.get(sku) === expectedQuantity(ledger, sku));
      const released = await heldUnits(databases.reservation);
      const salable = await salableQuantities(system, skus);
      const caughtUp = skus.every((sku) => salable.get(sku) === quantities.get(sku));
      return expected && released === 0 && caughtUp ? true : undefined;
    },
    { what: 'deductions and hold expiries', timeoutMs: SETTLE_MS, intervalMs: 500 },
  ).catch(() => false);
  const recovered = (Date.now() - faultEnded) / 1000;
  step = 'reading the figures';
  await logFigures(context, cpu);
  step = 'checking the invariants';

  const problems = await checkInvariants(context, settled === true);
  const dead = NAMES.flatMap((name) =>
    system[name].flatMap((instance, index) =>
      instance.running ? [] : [`${name} #${index + 1} (${instance.exitStatus})`],
    ),
  );
  if (dead.length) problems.push(`died: ${dead.join(', ')}`);
  if (problems.length) await diagnose(context, phaseOrders);
  const lost = phaseOrders.filter((id) => !outcomes.has(id)).length;
  const doubled = phaseOrders.filter((id) => (outcomes.get(id)?.eventIds.size ?? 0) > 1).length;
  const worst = Math.max(
    0,
    ...phaseOrders.map((id) => (outcomes.get(id)?.at ?? Date.now()) - ledger.published.get(id)!.at),
  );
  if (lost) problems.push(`${lost} orders without an outcome`);
  if (doubled) problems.push(`${doubled} orders with more than one outcome`);
  failures.push(...problems.map((problem) => `${fault}: ${problem}`));
  rows.push({
    fault,
    'orders in': phaseOrders.length,
    'outcomes out': phaseOrders.filter((id) => outcomes.has(id)).length,
    lost,
    doubled,
    'worst outcome (s)': Math.round(worst / 100) / 10,
    'recovered in (s)': Math.round(recovered * 10) / 10,
    checks: problems.length ? problems.join('; ') : 'ok',
  });
  log(`${fault}: ${problems.length ? problems.join('; ') : 'ok'} (recovered in ${recovered.toFixed(1)} s)`);
}

/** Each instance by name ("reservation #1") and its process id (undefined while it is down). */
const instancePids = (system: Record<Name, [ServiceProcess, ServiceProcess]>) =>
  new Map(
    NAMES.flatMap((name) => system[name].map((instance, i) => [`${name} #${i + 1}`, instance.pid] as const)),
  );

const seenLines = new WeakMap<ServiceProcess, Set<string>>();

/** An instance's output lines that match and were not returned before (its slow group joins). */
function unseenLines(instance: ServiceProcess, pattern: RegExp): string[] {
  const seen = seenLines.get(instance) ?? new Set<string>();
  seenLines.set(instance, seen);
  const lines = stripVTControlCharacters(instance.logs()).split('\n');
  const fresh = lines.filter((line) => pattern.test(line) && !seen.has(line));
  for (const line of fresh) seen.add(line);
  return fresh;
}

/**
 * The phase's figures in the log: each process's CPU during the phase and in 5 quiet seconds after
 * it settled (work left over shows there), and how far the reservation service is behind then.
 */
async function logFigures(context: Parameters<typeof phase>[2], cpu: CpuMeter): Promise<void> {
  const { system } = context;
  log(`  CPU during the phase: ${formatShares(cpu.sample())}`);
  await sleep(5_000);
  log(`  CPU in 5 quiet seconds after: ${formatShares(cpu.sample())}`);
  const lags = await Promise.all(
    system.reservation.map((instance) =>
      reservationLags(instance.url, apiKeyFromEnv()).catch(() => undefined),
    ),
  );
  for (const name of NAMES)
    for (const [index, instance] of system[name].entries())
      for (const line of unseenLines(instance, /Joined the group in/))
        log(`  ${name} #${index + 1}: ${line}`);
  for (const [index, lag] of lags.entries())
    log(
      `  reservation #${index + 1}: ${lag ? `salable projection ${lag.projection ?? '?'} events behind, consumer lag ${JSON.stringify(lag.consumers)}` : 'no /metrics'}`,
    );
}

/**
 * What a phase that failed leaves for whoever reads the log: the orders still without an outcome,
 * each instance's readiness (which loop is stuck, and why) and the end of its output.
 */
async function diagnose(context: Parameters<typeof phase>[2], phaseOrders: string[]): Promise<void> {
  const { system, outcomes, ledger, skus } = context;
  const missing = phaseOrders.filter((id) => !outcomes.has(id));
  const unshipped = [...outcomes].filter(([id, o]) => o.placed && !ledger.shipped.has(id)).length;
  log(
    `diagnosis: ${missing.length} orders without an outcome (e.g. ${missing.slice(0, 3).join(', ')}), ${unshipped} accepted and not shipped; shipments refused so far: ${JSON.stringify(Object.fromEntries(ledger.shipFailures))}`,
  );
  const [quantities, salable] = [await sourceQuantities(system, skus), await salableQuantities(system, skus)];
  for (const sku of skus)
    log(
      `  ${sku}: source ${quantities.get(sku)} (ledger ${expectedQuantity(ledger, sku)}), salable ${salable.get(sku)}`,
    );
  for (const name of NAMES) {
    for (const [index, instance] of system[name].entries()) {
      const health = await requestJson('GET', `${instance.url}/health`, undefined, 5_000).catch(
        (error: Error) => ({ status: 0, text: error.message }),
      );
      log(`  ${name} #${index + 1} /health ${health.status}: ${health.text.slice(0, 1_500)}`);
      log(`  ${name} #${index + 1} output (end):\n${instance.logs().slice(-3_000)}`);
    }
  }
}

/**
 * Ships each accepted order once (retried under the same shipmentId) while `loading` (the load, and
 * the outcomes still to come), then until nothing is left or SETTLE_MS pass.
 */
async function ship(
  system: Record<Name, [ServiceProcess, ServiceProcess]>,
  ledger: Ledger,
  outcomes: Map<string, { placed: boolean }>,
  loading: () => boolean,
): Promise<void> {
  let loadEnded: number | undefined;
  for (;;) {
    const waiting = [...outcomes].filter(([id, o]) => o.placed && !ledger.shipped.has(id));
    for (const [orderId] of waiting) {
      const sku = ledger.published.get(orderId)?.sku;
      if (!sku) continue;
      const answer = await http(system, 'fulfillment', 'POST', '/shipments', {
        shipmentId: `ship-${orderId}`,
        orderId,
        items: [{ sku, qty: 1, sourceCode: 'default' }],
      }).catch((error: Error) => ({ status: 0, body: undefined, text: error.message }));
      if ([200, 201].includes(answer.status)) ledger.shipped.set(orderId, sku);
      else {
        const why = answer.status
          ? `${answer.status} ${answer.body?.code ?? ''}`
          : `error: ${answer.text.slice(0, 80)}`;
        ledger.shipFailures.set(why, (ledger.shipFailures.get(why) ?? 0) + 1);
      }
    }
    if (!loading()) {
      loadEnded ??= Date.now();
      // Orders decided after the load: wait a little for the last outcomes before giving up.
      if (!waiting.length) {
        await sleep(2_000);
        if (![...outcomes].some(([id, o]) => o.placed && !ledger.shipped.has(id))) return;
      } else if (Date.now() - loadEnded > SETTLE_MS) {
        log(`giving up shipping ${waiting.length} orders (e.g. ${waiting[0][0]})`);
        return;
      }
    }
    await sleep(500);
  }
}

const expectedQuantity = (ledger: Ledger, sku: string) =>
  (ledger.stocked.get(sku) ?? 0) - [...ledger.shipped.values()].filter((s) => s === sku).length;

async function sourceQuantities(system: Record<Name, [ServiceProcess, ServiceProcess]>, skus: string[]) {
  const quantities = new Map<string, number>();
  for (const sku of skus) {
    const answer = await persist('source items', () =>
      http(system, 'catalog-inventory', 'GET', `/source-items?sku=${sku}`),
    );
    quantities.set(sku, answer.body.items?.[0]?.quantity ?? 0);
  }
  return quantities;
}

async function salableQuantities(system: Record<Name, [ServiceProcess, ServiceProcess]>, skus: string[]) {
  const quantities = new Map<string, number>();
  for (const sku of skus) {
    const answer = await persist('salable', () =>
      http(system, 'reservation', 'GET', `/stocks/1/skus/${sku}/salable`),
    );
    quantities.set(sku, answer.body.salableQty);
  }
  return quantities;
}

/** Units the reservation service still holds for this run's holds (0 once every hold expired). */
async function heldUnits(reservationUrl: string): Promise<number> {
  const [{ open }] = await query<{ open: number }>(
    reservationUrl,
    `SELECT count(*)::int AS open FROM holds WHERE released_because IS NULL`,
  );
  return open;
}

/** The checks of every SKU once the phase settled; the problems found. */
async function checkInvariants(context: Parameters<typeof phase>[2], settled: boolean): Promise<string[]> {
  const { system, ledger, skus, databases } = context;
  const problems: string[] = settled ? [] : [`did not settle within ${SETTLE_MS / 1000} s`];
  const quantities = await sourceQuantities(system, skus);
  for (const sku of skus) {
    const expected = expectedQuantity(ledger, sku);
    if (quantities.get(sku) !== expected)
      problems.push(`${sku}: source ${quantities.get(sku)}, expected stocked − shipped = ${expected}`);
    const salable = (await salableQuantities(system, [sku])).get(sku);
    // Every order shipped and deducted and every hold expired: nothing is reserved any more.
    if (salable !== quantities.get(sku))
      problems.push(`${sku}: salable ${salable}, source ${quantities.get(sku)}`);
  }
  const deductions = await query<{ shipment: string; times: number }>(
    databases['catalog-inventory'],
    `SELECT payload::jsonb -> 'data' ->> 'shipmentId' AS shipment, count(*)::int AS times FROM outbox
      WHERE event_type = 'SourceItemsSaved' AND payload::jsonb -> 'data' ->> 'reason' = 'shipment'
      GROUP BY 1`,
  );
  const twice = deductions.filter((row) => row.times > 1).length;
  if (twice) problems.push(`${twice} shipments deducted twice`);
  if (deductions.length !== ledger.shipped.size)
    problems.push(`${deductions.length} shipments deducted, ${ledger.shipped.size} shipped`);
  const late = await query<{ hold: string; late_ms: number }>(
    databases.reservation,
    `SELECT e.stream_id AS hold,
            (extract(epoch FROM e.recorded_at - (placed.data ->> 'expiresAt')::timestamptz) * 1000)::int AS late_ms
       FROM es_events e JOIN LATERAL (
         SELECT p.data FROM es_events p WHERE p.stream_id = e.stream_id AND p.event_type = 'HoldPlaced') placed ON true
      WHERE e.event_type = 'HoldReleased' AND e.data ->> 'reason' = 'expired'`,
  );
  if (ledger.holds.size && !late.length) problems.push('no hold expired');
  const tooLate = late.filter((row) => row.late_ms > HOLD_LATE_MS || row.late_ms < -1_000);
  if (tooLate.length)
    problems.push(
      `${tooLate.length} holds released off time (${tooLate
        .slice(0, 3)
        .map((row) => `${row.late_ms} ms`)
        .join(', ')})`,
    );
  return problems;
}

async function main() {
  // Each service as its own role, as in production (an operator's session is another role).
  const admin = Object.fromEntries(
    await Promise.all(
      NAMES.map(async (name) => [name, await freshDatabase(`${SERVICES[name].database}_faults`)] as const),
    ),
  ) as Record<Name, string>;
  await grantServiceRoles(
    adminConnection(),
    (name) => `${SERVICES[name].database}_faults`,
    testDatabaseOf(ACCESS_DATABASE),
    NAMES,
  );
  const databases = Object.fromEntries(
    NAMES.map((name) => [name, admin[name].replace(/\/\/[^@]+@/, `//${databaseRoleOf(name)}@`)]),
  ) as Record<Name, string>;
  const smtp = new SmtpSink(3325);
  await smtp.start();
  await brokerProxy.restore();
  const system = instances(databases, smtp.smtpPort);
  for (const name of NAMES) await Promise.all(system[name].map((instance) => instance.start()));
  const skus = Array.from({ length: SKUS }, (_, i) => `FAULT-${run}-${i}`);
  // Retries for far longer than the broker is away: the run's own clients must outlive the faults.
  const kafka = new Kafka({
    ...kafkaConnectionFromEnv(`faults-${run}`),
    logLevel: logLevel.NOTHING,
    retry: { retries: 1_000, maxRetryTime: 5_000 },
  });
  const producer = kafka.producer();
  await producer.connect();
  const watcher = await watchOutcomes(kafka);
  const ledger: Ledger = {
    stocked: new Map(),
    published: new Map(),
    shipped: new Map(),
    holds: new Map(),
    shipFailures: new Map(),
  };
  const context = { system, databases, kafka, producer, outcomes: watcher.outcomes, ledger, skus };
  const rows: Row[] = [];
  log(`${SKUS} SKUs, ${RATE} orders/s, ${PHASE_SECONDS} s per phase, ${RESTOCK} units per SKU per phase`);

  const kill = (name: Name, index: 0 | 1) => async () => {
    const instance = system[name][index];
    log(`kill -9 ${name} #${index + 1} (pid ${instance.pid})`);
    await instance.kill();
    // Its work resumes on the other instance; it comes back a few seconds later.
    await sleep(8_000);
    await instance.start();
  };
  const phases: [string, () => Promise<void>][] = [
    ['none (baseline, under load)', async () => undefined],
    ['kill -9 reservation #1', kill('reservation', 0)],
    ['kill -9 catalog-inventory #1', kill('catalog-inventory', 0)],
    ['kill -9 fulfillment #1', kill('fulfillment', 0)],
    ['kill -9 notification #1', kill('notification', 0)],
    [
      'SIGTERM reservation #2 mid-batch',
      async () => {
        const code = await system.reservation[1].stop();
        if (code !== 0) failures.push(`SIGTERM reservation #2: exit code ${code}`);
        await system.reservation[1].start();
      },
    ],
    [
      'PostgreSQL away 10 s, nothing restarted',
      async () => {
        await stopPostgres();
        await sleep(10_000);
        await startPostgres();
      },
    ],
    [
      `Kafka broker away ${BROKER_AWAY_SECONDS} s`,
      async () => {
        await stopKafka();
        await sleep(BROKER_AWAY_SECONDS * 1000);
        await startKafka();
      },
    ],
    [
      '30 s open transaction on the reservation database',
      async () => {
        // An operator's psql (the admin role), left in a transaction that took an id.
        const client = new Client({ connectionString: admin.reservation });
        await client.connect();
        await client.query('BEGIN');
        await client.query('SELECT txid_current()');
        await sleep(30_000);
        await client.query('COMMIT');
        await client.end();
      },
    ],
    [
      'network cut between reservation #2 and the broker 20 s (TCP proxy)',
      async () => {
        await brokerProxy.cut();
        await sleep(20_000);
        await brokerProxy.restore();
      },
    ],
    [
      'fulfillment #2 frozen 20 s (SIGSTOP: cut from everything)',
      async () => {
        const pid = system.fulfillment[1].pid!;
        process.kill(pid, 'SIGSTOP');
        await sleep(20_000);
        process.kill(pid, 'SIGCONT');
      },
    ],
  ];
  // FAULTS_ONLY=broker,postgres: the baseline and the phases whose names contain one of these.
  const only = process.env.FAULTS_ONLY?.split(',').filter(Boolean);
  const chosen = only
    ? phases.filter(
        ([fault], index) => index === 0 || only.some((word) => fault.toLowerCase().includes(word)),
      )
    : phases;
  for (const [fault, inject] of chosen) {
    const overran = await withinPhaseDeadline(phase(fault, inject, context, rows));
    if (!overran) continue;
    failures.push(`phase "${fault}" did not end within ${PHASE_DEADLINE_MS / 1000} s; it was ${step}`);
    break;
  }

  await watcher.stop();
  await producer.disconnect();
  const codes = await Promise.all(NAMES.flatMap((name) => system[name].map((instance) => instance.stop())));
  if (codes.some((code) => code !== 0)) failures.push(`exit codes at the end: ${codes.join(', ')}`);
  await smtp.stop();
  await brokerProxy.cut();
  await csvImport(databases, rows);

  console.table(rows);
  console.log(`reservation #2's clock ran 5 s ahead throughout; two instances of every service`);
  if (failures.length) {
    console.error(`[faults] FAILED:\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
  console.log('[faults] every check passed: lost 0, doubled 0');
  process.exit(0); // without waiting for the timers of the deadlines that were not needed
}

/** Undefined once the phase ended (its own failures are in `failures`), true if it overran. */
async function withinPhaseDeadline(running: Promise<void>): Promise<true | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const overran = new Promise<true>(
    (resolve) => (timer = setTimeout(() => resolve(true), PHASE_DEADLINE_MS)),
  );
  try {
    return await Promise.race([running.then(() => undefined), overran]);
  } finally {
    clearTimeout(timer);
  }
}

/** A CSV import killed (kill -9 of the catalog) part way, then sent again under its importId. */
async function csvImport(databases: Record<Name, string>, rows: Row[]): Promise<void> {
  const catalog = new ServiceProcess('catalog-inventory', PORTS['catalog-inventory'][0], {
    [SERVICES['catalog-inventory'].portVariable]: String(PORTS['catalog-inventory'][0]),
    [SERVICES['catalog-inventory'].databaseUrlVariable]: databases['catalog-inventory'],
    KAFKA_GROUP_SUFFIX: `-faults-${run}`,
    KAFKA_FROM_BEGINNING: 'false',
    LOG_LEVEL: 'warn',
  });
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
    fetch(`${catalog.url}/source-items/import?importId=${importId}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', 'x-api-key': apiKeyFromEnv() },
      body: Readable.toWeb(file()) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
  const first = send().then(
    (response) => `answered ${response.status}`,
    (error: Error) => `failed: ${error.message}`,
  );
  await sleep(SHORT ? 300 : 1_500);
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
  const problems: string[] = [];
  if (afterCrash !== 0 && afterCrash !== CSV_ROWS)
    problems.push(`after the crash ${afterCrash} rows were stored: neither none nor all`);
  await catalog.start();
  const again = (await (await send()).json()) as {
    applied: boolean;
    rowsApplied: number;
    alreadyApplied?: boolean;
  };
  const onceMore = (await (await send()).json()) as { alreadyApplied?: boolean };
  const [events] = await query<{ rows: number; skus: number }>(
    databases['catalog-inventory'],
    `SELECT count(*)::int AS rows, count(DISTINCT message_key)::int AS skus FROM outbox
      WHERE event_type = 'SourceItemsSaved' AND message_key LIKE $1`,
    [`IMP-${run}-%`],
  );
  await catalog.stop();
  const rowsStored = await stored();
  if (!(again.applied && (again.rowsApplied === CSV_ROWS || again.alreadyApplied)))
    problems.push(`the second import: ${JSON.stringify(again)}`);
  if (onceMore.alreadyApplied !== true) problems.push('the third send was applied again');
  if (rowsStored !== CSV_ROWS) problems.push(`${rowsStored} of ${CSV_ROWS} rows stored`);
  if (events.rows !== CSV_ROWS || events.skus !== CSV_ROWS)
    problems.push(`${events.rows} SourceItemsSaved for ${events.skus} SKUs`);
  failures.push(...problems.map((problem) => `CSV import: ${problem}`));
  rows.push({
    fault: `kill -9 catalog-inventory during a ${CSV_ROWS}-row CSV import, sent again`,
    'orders in': CSV_ROWS,
    'outcomes out': events.skus,
    lost: CSV_ROWS - rowsStored,
    doubled: events.rows - events.skus,
    'worst outcome (s)': 0,
    'recovered in (s)': 0,
    checks: problems.length ? problems.join('; ') : 'ok: applied once, completely',
  });
}

main().catch((error) => {
  console.error(`[faults] failed: ${error instanceof Error ? error.stack : error}`);
  process.exit(1);
});
