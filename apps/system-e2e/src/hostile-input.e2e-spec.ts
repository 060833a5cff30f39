import { randomUUID } from 'node:crypto';
import {
  EventParseError,
  IntegrationEvent,
  TOPICS,
  Topic,
  createEvent,
  deadLetterTopicOf,
  parseEvent,
} from '@inventory/contracts';
import { DLQ_HEADER } from '@inventory/messaging';
import { SERVICES, SERVICE_NAMES } from '@inventory/service-runtime';
import { KafkaTestClient, freshDatabase, waitFor } from '@inventory/testing';
import fc from 'fast-check';
import { Client } from 'pg';
import { orderPlaced, stockAtDefaultSource } from './fixtures';
import { Json, bodyText, getJson, sendJson } from './http';
import { HostileRequest, hostileRequests, hostileValue, pathsIn, replaceAt } from './hostile';
import { Operation, labelOf, operationsOf } from './openapi';
import { StateProbe, StateSnapshot, changedTables } from './state-snapshot';
import { RunningSystem } from './system';

jest.setTimeout(15 * 60_000);

/** Requests per route and messages per topic; more with HOSTILE_RUNS for a longer hunt. */
const RUNS = Number(process.env.HOSTILE_RUNS ?? 30);
const SEED = process.env.HOSTILE_SEED === undefined ? undefined : Number(process.env.HOSTILE_SEED);

/** The consumer groups of each topic (docs/events.md). */
const GROUPS_OF: Record<string, readonly string[]> = {
  [TOPICS.orders]: ['reservation', 'fulfillment'],
  [TOPICS.fulfillment]: ['catalog-inventory', 'reservation', 'replenishment'],
  [TOPICS.catalog]: ['reservation', 'fulfillment-catalog', 'notification-catalog', 'replenishment-catalog'],
  [TOPICS.reservations]: ['fulfillment'],
  [TOPICS.salable]: ['notification'],
  [TOPICS.replenishment]: ['catalog-inventory', 'reservation'],
};

/** A valid event of each consumed topic, for the mutations to start from. */
const SAMPLES: Record<string, readonly IntegrationEvent[]> = {
  [TOPICS.orders]: [
    orderPlaced('hostile-order', 'HDB-001', 1),
    createEvent(
      'OrderCanceled',
      { orderId: 'hostile-order', items: [{ sku: 'HDB-001', qty: 1 }] },
      { source: 'order-system' },
    ),
  ],
  [TOPICS.fulfillment]: [
    createEvent(
      'ShipmentCreated',
      {
        shipmentId: 'shp-1',
        orderId: 'hostile-order',
        items: [{ sku: 'HDB-001', sourceCode: 'default', qty: 1 }],
      },
      { source: 'fulfillment' },
    ),
    createEvent(
      'CreditMemoCreated',
      {
        creditMemoId: 'cm-1',
        orderId: 'hostile-order',
        items: [{ sku: 'HDB-001', qty: 1, returnToStock: true, sourceCode: 'default' }],
      },
      { source: 'fulfillment' },
    ),
  ],
  [TOPICS.catalog]: [
    createEvent(
      'SourceItemsSaved',
      {
        sku: 'HDB-001',
        items: [{ sourceCode: 'default', quantity: 5, status: 'in_stock', notifyStockQty: null }],
        reason: 'manual',
      },
      { source: 'catalog-inventory' },
    ),
    createEvent(
      'StockSaved',
      {
        stockId: 1,
        name: 'Default Stock',
        sourceLinks: [{ sourceCode: 'default', priority: 1 }],
        salesChannels: ['base'],
      },
      { source: 'catalog-inventory' },
    ),
    createEvent(
      'InventorySettingsChanged',
      { scope: 'sku', sku: 'HDB-001', settings: { minQty: 0 } },
      { source: 'catalog-inventory' },
    ),
  ],
  [TOPICS.reservations]: [
    createEvent(
      'OrderReservationPlaced',
      { orderId: 'hostile-order', stockId: 1, items: [{ sku: 'HDB-001', qty: 1 }] },
      { source: 'reservation' },
    ),
    createEvent(
      'ReservationCompensated',
      { orderId: 'hostile-order', sku: 'HDB-001', qty: 1, reason: 'cancel' },
      { source: 'reservation' },
    ),
  ],
  [TOPICS.salable]: [
    createEvent(
      'SalableQuantityChanged',
      { stockId: 1, sku: 'HDB-001', salableQty: 5, isSalable: true, onlyXLeft: null, backorders: 'none' },
      { source: 'reservation' },
    ),
  ],
  [TOPICS.replenishment]: [
    createEvent(
      'GoodsReceived',
      {
        purchaseOrderId: 'hostile-po',
        receiptId: 'hostile-receipt',
        sourceCode: 'default',
        lines: [{ sku: 'HOSTILE-RCV', qty: 1 }],
      },
      { source: 'replenishment' },
    ),
  ],
};

/** Messages a consumer must refuse: bytes, JSON that is no event, and events with a bad field. */
const hostileMessage = (topic: string): fc.Arbitrary<string | null> =>
  fc
    .oneof(
      fc.uint8Array({ maxLength: 60 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
      fc.json(),
      fc.constant(null),
      fc.constantFrom(...SAMPLES[topic]).chain((sample) =>
        fc.oneof(
          fc
            .record({ type: fc.string(), version: fc.constantFrom(1, 2, '1', -1) })
            .map((envelope) => JSON.stringify({ ...sample, ...envelope })),
          fc
            .tuple(fc.constantFrom(...pathsIn(sample.data)), fc.option(hostileValue, { nil: undefined }))
            .map(([path, value]) => JSON.stringify({ ...sample, data: replaceAt(sample.data, path, value) })),
        ),
      ),
    )
    // The contract is the oracle: only what it refuses is sent, so nothing valid is applied.
    .filter((value) => reasonOf(value) !== undefined);

function reasonOf(value: string | null): string | undefined {
  try {
    parseEvent(value);
    return undefined;
  } catch (error) {
    if (error instanceof EventParseError) return error.reason;
    throw error;
  }
}

/**
 * Hostile input, against the four running services: fast-check throws random and
 * malformed requests at every route and messages at every consumed topic. A route answers 4xx with
 * a field-level message, never 5xx; a consumer dead-letters the message with its reason and keeps
 * consuming; nothing stored changes for either.
 */
describe('hostile input at every route and every consumed topic', () => {
  const kafka = new KafkaTestClient();
  let system: RunningSystem;
  let state: StateProbe;
  let operations: Operation[];
  let databases: Record<string, string>;

  beforeAll(async () => {
    // Databases of its own: what the requests that happen to be valid change (a disabled default
    // source, global settings) must not reach the suites that run after this one.
    databases = Object.fromEntries(
      await Promise.all(
        SERVICE_NAMES.map(
          async (service) => [service, await freshDatabase(`${SERVICES[service].database}_hostile`)] as const,
        ),
      ),
    );
    system = new RunningSystem(undefined, {
      ...Object.fromEntries(
        SERVICE_NAMES.map((service) => [SERVICES[service].databaseUrlVariable, databases[service]]),
      ),
      RATE_LIMIT_PER_SECOND: '1000000', // no rate limit in the way of a thousand requests a second
    });
    state = new StateProbe(databases);
    await Promise.all([
      system.start(),
      kafka.watch(Object.keys(GROUPS_OF).map(deadLetterTopicOf)),
      state.connect(),
    ]);
    operations = (await operationsOf((service) => system.url(service))).filter((o) => !o.isPublic);
  });

  afterAll(async () => {
    await kafka.close();
    await state?.close();
    await system?.stop();
  });

  // The messages go first: their last check walks an order through a catalog no request has touched.
  it('dead-letters every hostile message with its reason from every group, changes nothing, and keeps consuming', async () => {
    const before = await state.settled();
    const sent: { id: string; topic: Topic; reason: string }[] = [];
    for (const topic of Object.keys(GROUPS_OF) as Topic[]) {
      const values = fc.sample(hostileMessage(topic), { numRuns: RUNS, seed: SEED });
      for (const value of values) {
        const id = randomUUID();
        sent.push({ id, topic, reason: reasonOf(value) as string });
        await kafka.publishRaw(topic, `hostile-${id}`, value, { 'hostile-id': id });
      }
    }
    const expected = sent.flatMap(({ id, topic, reason }) =>
      GROUPS_OF[topic].map((group) => `${topic} ${group} ${id} ${reason}`),
    );
    const ids = new Set(sent.map(({ id }) => id));
    const lettersOfThisRun = () =>
      kafka.received
        .filter((m) => ids.has(m.headers['hostile-id']))
        .map(
          (m) =>
            `${m.headers[DLQ_HEADER.originalTopic]} ${m.headers[DLQ_HEADER.consumerGroup]} ${m.headers['hostile-id']} ${m.headers[DLQ_HEADER.reason]}`,
        );
    await waitFor(() => (lettersOfThisRun().length >= expected.length ? true : undefined), {
      what: `${expected.length} dead letters`,
      timeoutMs: 120_000,
    }).catch((error: Error) => {
      throw new Error(
        `${error.message}; missing: ${expected
          .filter((e) => !lettersOfThisRun().includes(e))
          .slice(0, 10)
          .join('; ')}`,
      );
    });
    expect(lettersOfThisRun().sort()).toEqual(expected.sort());
    // Each service keeps its groups' letters in its table too, and changed nothing else.
    const kept = await Promise.all(
      SERVICE_NAMES.map(async (service) => {
        const client = new Client({ connectionString: databases[service] });
        await client.connect();
        try {
          const { rows } = await client.query<{ letter: string }>(
            `SELECT topic || ' ' || consumer_group || ' ' || (headers->>'hostile-id') || ' ' || reason AS letter
               FROM dead_letters WHERE headers->>'hostile-id' = ANY($1)`,
            [[...ids]],
          );
          return rows.map((row) => row.letter);
        } finally {
          await client.end();
        }
      }),
    );
    expect(kept.flat().sort()).toEqual(expected.sort());
    const changed = changedTables(before, await state.settled());
    expect(changed.filter((table) => !table.endsWith('.dead_letters'))).toEqual([]);
    console.log(
      `[hostile] ${sent.length} messages on ${Object.keys(GROUPS_OF).length} topics: ${expected.length} dead letters, each with its reason`,
    );

    // Every group goes on consuming: one order's whole life crosses all five topics.
    const sku = `HOSTILE-${system.runId}`;
    const orderId = `order-${randomUUID()}`;
    await stockAtDefaultSource(system.url('catalog-inventory'), sku, 10); // inventory.catalog.v1
    await waitFor(
      async () =>
        (await getJson(`${system.url('reservation')}/stocks/1/skus/${sku}/salable`)).body.salableQty === 10
          ? true
          : undefined,
      {
        what: 'the reservation service to see the stock',
      },
    );
    await kafka.publish(orderPlaced(orderId, sku, 2), orderId); // orders.v1
    await waitFor(
      async () =>
        (await getJson(`${system.url('fulfillment')}/orders/${orderId}`)).body.shippable ? true : undefined,
      {
        what: 'fulfillment to see the reserved order', // inventory.reservations.v1
      },
    );
    const shipped = await sendJson('POST', `${system.url('fulfillment')}/shipments`, {
      orderId,
      items: [{ sku, sourceCode: 'default', qty: 2 }],
    });
    expect(shipped.status).toBe(201);
    await waitFor(
      async () =>
        (await getJson(`${system.url('catalog-inventory')}/source-items?sku=${sku}`)).body.items[0]
          .quantity === 8
          ? true
          : undefined,
      {
        what: 'the catalog to deduct the shipment', // fulfillment.v1
      },
    );
    await waitFor(
      async () =>
        // The default stock's: the shared catalog topic may link its source to other suites' stocks.
        (await getJson(`${system.url('notification')}/skus/${sku}/salability`)).body.items?.find(
          (item: { stockId: number }) => item.stockId === 1,
        )?.salableQty === 8
          ? true
          : undefined,
      {
        what: 'notification to see the salable quantity', // inventory.salable.v1
      },
    );
  });

  it('answers every hostile request with a 4xx naming the problem, and a refusal changes nothing', async () => {
    let before: StateSnapshot = await state.settled();
    const answered: Record<string, number> = {};
    for (const operation of operations) {
      await fc.assert(
        fc.asyncProperty(hostileRequests(operation), async (request: HostileRequest) => {
          const what = `${labelOf(operation)} ${request.path} ${request.body?.slice(0, 300) ?? ''}`;
          const response = await fetch(`${system.url(operation.service)}${request.path}`, {
            method: operation.method,
            headers: {
              'x-api-key': process.env.TEST_API_KEY as string,
              ...(request.contentType ? { 'content-type': request.contentType } : {}),
            },
            body: request.body,
          });
          const text = await bodyText(response);
          answered[response.status] = (answered[response.status] ?? 0) + 1;
          if (response.status >= 500 || [401, 403, 429].includes(response.status)) {
            const log = system.services[operation.service].logs().slice(-1500);
            throw new Error(`${response.status} for ${what}: ${text.slice(0, 500)}\n--- its log ---\n${log}`);
          }
          if (response.status < 400) {
            // Valid by chance and applied: what it changed is the new baseline.
            if (operation.method !== 'GET') before = await state.settled();
            return;
          }
          const body = JSON.parse(text) as Json;
          expect({
            what,
            statusCode: body.statusCode,
            code: typeof body.code,
            message: typeof body.message,
          }).toEqual({
            what,
            statusCode: response.status,
            code: 'string',
            message: 'string',
          });
          expect(text).not.toMatch(/\n\s+at |node_modules/);
          if (body.code === 'validation_failed') {
            expect(body.errors.length).toBeGreaterThan(0);
            for (const error of body.errors) expect(error.field).toEqual(expect.any(String));
          }
          const after = await state.snapshot();
          expect({ what, changed: changedTables(before, after) }).toEqual({ what, changed: [] });
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    }
    console.log(
      `[hostile] ${operations.length} routes × ${RUNS} requests: answers by status ${JSON.stringify(answered)}`,
    );
    expect(Object.keys(answered).every((status) => Number(status) < 500)).toBe(true);
  });
});
