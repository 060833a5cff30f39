import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { STATE_TOPICS, TOPICS, createEvent, deadLetterTopicOf } from '@inventory/contracts';
import { SERVICES, ServiceName } from '@inventory/service-runtime';
import { DLQ_HEADER } from '@inventory/messaging';
import { KafkaTestClient, waitFor } from '@inventory/testing';
import { orderPlaced, stockAtDefaultSource } from './fixtures';
import { Json, getJson, sendJson } from './http';
import { RunningSystem, serviceDatabaseUrls } from './system';

jest.setTimeout(120_000);

/** The values of a metric's samples (Prometheus text format) whose labels include `labels`. */
const samplesLines = (text: string, name: string): string[] =>
  text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));

function samples(text: string, name: string, labels: Record<string, string>): number[] {
  return samplesLines(text, name)
    .filter((line) => Object.entries(labels).every(([label, value]) => line.includes(`${label}="${value}"`)))
    .map((line) => Number(line.slice(line.lastIndexOf(' ') + 1)));
}

const run = promisify(execFile);

/** `npm run dlq -- …` from the build, on the test broker. */
async function dlqCli(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['dist/tools/src/ops/dlq-cli.js', ...args], {
    env: { ...process.env, KAFKAJS_NO_PARTITIONER_WARNING: '1' },
    timeout: 60_000,
  });
  return stdout;
}

/** A service's ops CLI from the build, on its test database and the test broker. */
async function opsCli(entry: string, service: ServiceName, ...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [entry, ...args], {
    env: {
      ...process.env,
      [SERVICES[service].databaseUrlVariable]: serviceDatabaseUrls(service).DATABASE_URL,
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
    },
    timeout: 60_000,
  });
  return stdout;
}

/**
 * One event travels the whole loop through real Kafka and the four running services:
 * catalog → reservation (salable quantity) → fulfillment (order) → notification (salability).
 */
describe('walking skeleton through Kafka and HTTP', () => {
  const system = new RunningSystem();
  const kafka = new KafkaTestClient();
  const sku = `E2E-${system.runId}`;
  const order = (orderId: string, qty: number) => orderPlaced(orderId, sku, qty);

  beforeAll(async () => {
    await kafka.watch([
      TOPICS.reservations,
      TOPICS.salable,
      deadLetterTopicOf(TOPICS.orders),
      STATE_TOPICS.salableState,
      STATE_TOPICS.sourceItemsState,
    ]);
    await system.start();
    await stockAtDefaultSource(system.url('catalog-inventory'), sku, 10);
  });

  afterAll(async () => {
    await kafka.close();
    await system.stop();
  });

  it('reserves an OrderPlaced and every service sees the outcome', async () => {
    // The catalog's quantity reached the reservation service through inventory.catalog.v1.
    await waitFor(
      async () => {
        const { body } = await getJson(`${system.url('reservation')}/stocks/1/skus/${sku}/salable`);
        return body.salableQty === 10 ? body : undefined;
      },
      { what: 'salable quantity 10 from the catalog' },
    );

    const orderId = `order-${randomUUID()}`;
    const placed = order(orderId, 2);
    await kafka.publish(placed, orderId);

    const reservation = await kafka.waitForEvent('OrderReservationPlaced', (e) => e.data.orderId === orderId);
    expect(reservation.data).toEqual({ orderId, stockId: 1, items: [{ sku, qty: 2 }] });
    expect(reservation.causationId).toBe(placed.eventId);
    expect(reservation.correlationId).toBe(placed.correlationId);

    // The default stock's change: other suites on the same broker may link the Default Source to
    // more stocks (the catalog topic is shared), and those stocks see the same SKU change too.
    const salable = await kafka.waitForEvent(
      'SalableQuantityChanged',
      (e) => e.data.sku === sku && e.data.stockId === 1 && e.data.salableQty === 8,
    );
    expect(salable.data).toMatchObject({ stockId: 1, isSalable: true });

    const fulfillmentOrder = await waitFor(
      async () => {
        const { status, body } = await getJson(`${system.url('fulfillment')}/orders/${orderId}`);
        // The order (orders.v1) and its reservation (inventory.reservations.v1) arrive in either order.
        return status === 200 && body.reservationStatus === 'reserved' && body.items.length
          ? body
          : undefined;
      },
      { what: 'the order in fulfillment' },
    );
    expect(fulfillmentOrder).toMatchObject({
      orderId,
      salesChannel: 'base',
      items: [{ sku, ordered: 2, reserved: 2, toShip: 2 }],
      shippable: true,
    });

    const salability = await waitFor(
      async () => {
        const { body } = await getJson(`${system.url('notification')}/skus/${sku}/salability`);
        const inDefaultStock = body.items?.find((item: { stockId: number }) => item.stockId === 1);
        return inDefaultStock?.salableQty === 8 ? inDefaultStock : undefined;
      },
      { what: 'salability in notification' },
    );
    expect(salability).toMatchObject({ stockId: 1, sku, isSalable: true });
  });

  it('rejects an order it cannot serve, naming the line and the reason', async () => {
    const orderId = `order-${randomUUID()}`;
    await kafka.publish(order(orderId, 1000), orderId);
    const rejected = await kafka.waitForEvent('OrderReservationRejected', (e) => e.data.orderId === orderId);
    expect(rejected.data.lines).toEqual([
      {
        sku,
        qty: 1000,
        code: 'is_salable_with_reservations-not_enough_qty',
        message: expect.stringMatching(/^Only \d+ of 1000 available$/),
      },
    ]);
    const fulfillmentOrder = await waitFor(
      async () => {
        const { status, body } = await getJson(`${system.url('fulfillment')}/orders/${orderId}`);
        return status === 200 && body.reservationStatus === 'rejected' ? body : undefined;
      },
      { what: 'the rejection in fulfillment' },
    );
    expect(fulfillmentOrder.shippable).toBe(false);
  });

  it('dead-letters a malformed message with its error and keeps consuming', async () => {
    const poisonKey = `poison-${randomUUID()}`;
    await kafka.publishRaw(TOPICS.orders, poisonKey, '{"type":"OrderPlaced", not json');
    const orderId = `order-${randomUUID()}`;
    await kafka.publish(order(orderId, 1), orderId);

    // Two consumer groups read orders.v1 (reservation and fulfillment): each dead-letters it.
    const letter = await kafka.waitForMessage(
      (m) =>
        m.topic === deadLetterTopicOf(TOPICS.orders) &&
        m.key === poisonKey &&
        m.headers[DLQ_HEADER.consumerGroup]?.startsWith('reservation'),
      'the poison message on orders.v1.dlq',
    );
    expect(letter.value).toBe('{"type":"OrderPlaced", not json');
    expect(letter.headers[DLQ_HEADER.reason]).toBe('invalid_json');
    expect(letter.headers[DLQ_HEADER.error]).toMatch(/not JSON/);
    expect(letter.headers[DLQ_HEADER.originalTopic]).toBe(TOPICS.orders);

    // The order published after the poison message is still reserved.
    await kafka.waitForEvent('OrderReservationPlaced', (e) => e.data.orderId === orderId);

    // Ops see it with `npm run dlq -- list` and send it back with `redrive`: every group reads it
    // again (and, still not JSON, it is dead-lettered again).
    const listed = await dlqCli('list', TOPICS.orders, '--limit', '1000');
    const entry = new RegExp(
      `partition (\\d+) offset (\\d+)\\n  key ${poisonKey} .*\\n  group (reservation\\S*)  reason invalid_json`,
    ).exec(listed);
    expect(entry).not.toBeNull();
    const [, partition, offset] = entry!;
    expect(await dlqCli('redrive', TOPICS.orders, '--partition', partition, '--offset', offset)).toContain(
      `re-driven to ${TOPICS.orders}: key ${poisonKey}`,
    );
    await waitFor(
      () => {
        const letters = kafka.received.filter(
          (m) => m.key === poisonKey && m.headers[DLQ_HEADER.consumerGroup]?.startsWith('reservation'),
        );
        return letters.length === 2 ? true : undefined;
      },
      { what: 'the re-driven message dead-lettered a second time' },
    );
  });

  it('takes a disabled source out of the salable quantity, and puts it back when enabled', async () => {
    const salableNow = async () =>
      (await getJson(`${system.url('reservation')}/stocks/1/skus/${sku}/salable`)).body;
    const before = await salableNow();
    const saveDefaultSource = (enabled: boolean) =>
      sendJson('PUT', `${system.url('catalog-inventory')}/sources/default`, {
        name: 'Default Source',
        enabled,
      });

    expect((await saveDefaultSource(false)).status).toBe(200);
    const off = await kafka.waitForEvent(
      'SalableQuantityChanged',
      (e) => e.data.sku === sku && e.data.stockId === 1 && e.data.salableQty === before.salableQty - 10,
    );
    expect(off.data.isSalable).toBe(false);

    expect((await saveDefaultSource(true)).status).toBe(200);
    await waitFor(async () => ((await salableNow()).salableQty === before.salableQty ? true : undefined), {
      what: 'the quantity of the re-enabled source',
    });
  });

  it('serves Prometheus metrics and logs the ids of the event it was handling', async () => {
    const metricsOf = async (service: ServiceName) => {
      const response = await fetch(`${system.url(service)}/metrics`, {
        headers: { authorization: `Bearer ${process.env.TEST_API_KEY}` }, // as a Prometheus job sends it
      });
      expect(response.status).toBe(200);
      return response.text();
    };
    expect((await fetch(`${system.url('reservation')}/metrics`)).status).toBe(401);

    // An event the reservation service refuses, with a correlation id of our own.
    const correlationId = `corr-${randomUUID()}`;
    const cancel = createEvent(
      'OrderCanceled',
      { orderId: `never-${randomUUID()}` },
      { source: 'order-system', correlationId },
    );
    await kafka.publish(cancel, cancel.data.orderId);
    await kafka.waitForMessage(
      (m) =>
        m.headers['event-id'] === cancel.eventId &&
        m.headers[DLQ_HEADER.consumerGroup]?.startsWith('reservation'),
      'the cancel of an unknown order dead-lettered',
    );
    const logged = await waitFor(
      () =>
        system.services.reservation
          .logs()
          .split('\n')
          .filter((line) => line.includes(correlationId))
          .map((line) => JSON.parse(line))
          .find((line) => /dead-lettered \(unknown_order\)/.test(line.msg)),
      { what: 'the dead letter in the reservation log, with the event ids' },
    );
    expect(logged).toMatchObject({ eventId: cancel.eventId, eventType: 'OrderCanceled', correlationId });

    const group = `reservation-e2e-${system.runId}`;
    await waitFor(
      async () => {
        const text = await metricsOf('reservation');
        const lag = samples(text, 'kafka_consumer_lag', { group, topic: TOPICS.orders });
        return lag.length === 6 && lag.every((value) => value === 0) ? true : undefined;
      },
      { what: 'a lag of 0 on each of the 6 partitions of orders.v1' },
    );
    const reservation = await metricsOf('reservation');
    // The live view's group commits nothing: a lag for it would be the whole topic, growing for ever.
    const lagGroups = samplesLines(reservation, 'kafka_consumer_lag').map(
      (line) => /group="([^"]+)"/.exec(line)?.[1],
    );
    expect(lagGroups).toContain(group);
    expect(lagGroups.filter((name) => name?.includes('-live-'))).toEqual([]);
    const total = (name: string, labels: Record<string, string>) =>
      samples(reservation, name, labels).reduce((a, b) => a + b, 0);
    expect(total('reservation_decisions_total', { outcome: 'placed' })).toBeGreaterThanOrEqual(2);
    expect(total('reservation_decisions_total', { outcome: 'rejected' })).toBeGreaterThanOrEqual(1);
    expect(
      total('reservation_rejected_lines_total', { code: 'is_salable_with_reservations-not_enough_qty' }),
    ).toBeGreaterThanOrEqual(1);
    expect(total('kafka_dead_letters_total', { group, topic: TOPICS.orders, reason: 'invalid_json' })).toBe(
      2,
    );
    expect(total('kafka_dead_letters_total', { group, topic: TOPICS.orders, reason: 'unknown_order' })).toBe(
      1,
    );
    expect(total('kafka_messages_consumed_total', { group, topic: TOPICS.orders })).toBeGreaterThanOrEqual(5);
    expect(samples(reservation, 'outbox_backlog_messages', { service: 'reservation' })).toHaveLength(1);
    expect(
      total('http_request_duration_seconds_count', {
        route: '/stocks/:stockId/skus/:sku/salable',
        status: '200',
      }),
    ).toBeGreaterThan(0);
    expect(total('process_cpu_seconds_total', {})).toBeGreaterThan(0);
    // Every service has them, with its name on each sample.
    for (const service of ['catalog-inventory', 'fulfillment', 'notification'] as const) {
      expect(samples(await metricsOf(service), 'outbox_backlog_messages', { service })).toHaveLength(1);
    }
  });

  it('keeps the latest state of every source item and salable quantity on the compacted topics', async () => {
    const stateSku = `${sku}-STATE`;
    const latest = (topic: string, key: string) =>
      kafka.received.filter((m) => m.topic === topic && m.key === key).at(-1);
    await stockAtDefaultSource(system.url('catalog-inventory'), stateSku, 4);
    await stockAtDefaultSource(system.url('catalog-inventory'), stateSku, 6);
    await waitFor(
      () =>
        (latest(STATE_TOPICS.sourceItemsState, `${stateSku}:default`)?.json as Json)?.quantity === 6
          ? true
          : undefined,
      {
        what: 'the source item state at 6',
      },
    );
    expect(latest(STATE_TOPICS.sourceItemsState, `${stateSku}:default`)?.json).toMatchObject({
      sku: stateSku,
      sourceCode: 'default',
      quantity: 6,
      status: 'in_stock',
      version: expect.any(Number),
    });
    await waitFor(
      () =>
        (latest(STATE_TOPICS.salableState, `1:${stateSku}`)?.json as Json)?.data?.salableQty === 6
          ? true
          : undefined,
      { what: 'the salable state at 6' },
    );

    // Unassigned: a tombstone, so compaction forgets the key.
    const deleted = await sendJson('DELETE', `${system.url('catalog-inventory')}/source-items`, {
      items: [{ sku: stateSku, sourceCode: 'default' }],
    });
    expect(deleted.status).toBeLessThan(300);
    await waitFor(
      () => (latest(STATE_TOPICS.sourceItemsState, `${stateSku}:default`)?.value === null ? true : undefined),
      {
        what: 'the tombstone of the unassigned source item',
      },
    );

    // The republish commands write the current state again (for topics created after the events).
    const before = kafka.received.filter(
      (m) => m.topic === STATE_TOPICS.sourceItemsState && m.key === `${sku}:default`,
    ).length;
    expect(
      await opsCli(
        'dist/apps/catalog-inventory/src/ops/catalog-cli.js',
        'catalog-inventory',
        'republish-state',
      ),
    ).toMatch(/^published \d+ source item states to inventory.source-items-state.v1/m);
    await waitFor(
      () =>
        kafka.received.filter((m) => m.topic === STATE_TOPICS.sourceItemsState && m.key === `${sku}:default`)
          .length > before
          ? true
          : undefined,
      { what: 'the republished source item state' },
    );
    expect(latest(STATE_TOPICS.sourceItemsState, `${sku}:default`)?.json).toMatchObject({
      sku,
      version: null,
    });
    // The whole catalog again, as newer versions, for consumers restored from an old backup.
    expect(
      await opsCli('dist/apps/catalog-inventory/src/ops/catalog-cli.js', 'catalog-inventory', 'republish'),
    ).toMatch(/^republished \d+ sources, \d+ stocks, \d+ settings scopes and the source items of \d+ SKUs/m);
    expect(
      await opsCli('dist/apps/reservation/src/ops/inventory-cli.js', 'reservation', 'republish-state'),
    ).toMatch(/published \d+ salable states to inventory.salable-state.v1/);
    await waitFor(
      () =>
        (latest(STATE_TOPICS.salableState, `1:${sku}`)?.json as Json)?.data?.sequence ? true : undefined,
      {
        what: 'the republished salable state',
      },
    );
  });

  it('stops every service cleanly on SIGTERM', async () => {
    const codes = await system.stop();
    expect(codes).toEqual({
      'catalog-inventory': 0,
      reservation: 0,
      fulfillment: 0,
      notification: 0,
      replenishment: 0,
    });
  });
});
