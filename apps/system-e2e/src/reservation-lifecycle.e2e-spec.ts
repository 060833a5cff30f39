import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { TOPICS, createEvent, deadLetterTopicOf } from '@inventory/contracts';
import { DLQ_HEADER } from '@inventory/messaging';
import { KafkaTestClient, waitFor, waitForEqual } from '@inventory/testing';
import { orderPlaced, stockAtDefaultSource } from './fixtures';
import { getJson, sendJson } from './http';
import { inventoryCli } from './ops-cli';
import { RunningSystem, databaseUrl } from './system';

jest.setTimeout(120_000);

/**
 * An order's whole life through real Kafka: reserved, partly shipped (the catalog deducts the
 * source, the reservation service compensates in the same append), the rest canceled, refunded
 * with return to stock; plus time travel, the audit stream, cart holds and the checkout checks.
 */
describe('reservation lifecycle through Kafka and HTTP', () => {
  const system = new RunningSystem();
  const kafka = new KafkaTestClient();
  const sku = `LIFE-${system.runId}`;
  const orderId = `order-${randomUUID()}`;
  const meta = { source: 'order-system' };
  const salable = async () =>
    (await getJson(`${system.url('reservation')}/stocks/1/skus/${sku}/salable`)).body;
  const salableBecomes = (qty: number) =>
    waitForEqual(async () => (await salable()).salableQty, qty, `salable quantity ${qty}`);
  const sourceQty = async () =>
    (await getJson(`${system.url('catalog-inventory')}/source-items?sku=${sku}`)).body.items[0].quantity;

  beforeAll(async () => {
    await kafka.watch([TOPICS.reservations, TOPICS.salable, deadLetterTopicOf(TOPICS.orders)]);
    await system.start();
    await stockAtDefaultSource(system.url('catalog-inventory'), sku, 10);
    await salableBecomes(10);
  });

  afterAll(async () => {
    await kafka.close();
    await system.stop();
  });

  let reservedAt: Date;

  it('order → ship 3 → cancel the rest → credit memo with return to stock', async () => {
    const placed = orderPlaced(orderId, sku, 5);
    await kafka.publish(placed, orderId);
    await kafka.waitForEvent('OrderReservationPlaced', (e) => e.data.orderId === orderId);
    await salableBecomes(5);
    reservedAt = new Date();

    const shipment = createEvent(
      'ShipmentCreated',
      { shipmentId: `ship-${system.runId}`, orderId, items: [{ sku, sourceCode: 'default', qty: 3 }] },
      { source: 'fulfillment' },
    );
    await kafka.publish(shipment, orderId);
    const shipped = await kafka.waitForEvent('ReservationCompensated', (e) => e.data.orderId === orderId);
    expect(shipped.data).toEqual({ orderId, sku, qty: 3, reason: 'shipment' });
    expect(await sourceQty()).toBe(7);
    expect((await salable()).salableQty).toBe(5); // 7 on the shelf − 2 still reserved

    await kafka.publish(createEvent('OrderCanceled', { orderId }, meta), orderId);
    const canceled = await kafka.waitForEvent(
      'ReservationCompensated',
      (e) => e.data.orderId === orderId && e.data.reason === 'order_canceled',
    );
    expect(canceled.data.qty).toBe(2);
    await salableBecomes(7);

    const memo = createEvent(
      'CreditMemoCreated',
      {
        creditMemoId: `memo-${system.runId}`,
        orderId,
        items: [{ sku, qty: 1, returnToStock: true, sourceCode: 'default' }],
      },
      { source: 'fulfillment' },
    );
    await kafka.publish(memo, orderId);
    await salableBecomes(8);
    expect(await sourceQty()).toBe(8);
  });

  it('refuses to cancel more than the order still holds, through the DLQ with the reason', async () => {
    const overCancel = createEvent('OrderCanceled', { orderId, items: [{ sku, qty: 1 }] }, meta);
    await kafka.publish(overCancel, orderId);
    const letter = await kafka.waitForMessage(
      (m) =>
        m.topic === deadLetterTopicOf(TOPICS.orders) &&
        m.headers['event-id'] === overCancel.eventId &&
        m.headers[DLQ_HEADER.consumerGroup]?.startsWith('reservation'),
      'the over-compensation on orders.v1.dlq',
    );
    expect(letter.headers[DLQ_HEADER.reason]).toBe('over_compensation');
    expect(letter.headers[DLQ_HEADER.error]).toMatch(/only 0 left to ship/);
    expect((await salable()).salableQty).toBe(8);
  });

  it('answers as of a past moment (?at=) and lists the stream for audit', async () => {
    const then = await getJson(
      `${system.url('reservation')}/stocks/1/skus/${sku}/salable?at=${reservedAt.toISOString()}`,
    );
    expect(then.body).toMatchObject({ salableQty: 5, isSalable: true });
    const before = await getJson(
      `${system.url('reservation')}/stocks/1/skus/${sku}/salable?at=2000-01-01T00:00:00Z`,
    );
    expect(before.body.salableQty).toBe(0);

    const { body } = await getJson(`${system.url('reservation')}/stocks/1/skus/${sku}/events`);
    expect(body.events.map((e: { type: string }) => e.type)).toEqual([
      'SourceItemsRecorded',
      'StockReserved',
      'SourceItemsRecorded',
      'ReservationCompensated',
      'ReservationCompensated',
      'SourceItemsRecorded', // the return to stock; the order was closed, so nothing to compensate
    ]);
  });

  it('holds units for a cart, refuses what is held, and gives them back when the hold expires', async () => {
    const reservation = system.url('reservation');
    // Capped: no hold for more than an hour, nor of more than 1,000 units (HOLD_MAX_*).
    const tooLong = await sendJson('POST', `${reservation}/holds`, {
      salesChannel: 'base',
      items: [{ sku, qty: 1 }],
      ttlSeconds: 7 * 24 * 3600,
    });
    expect(tooLong).toMatchObject({
      status: 400,
      body: { code: 'hold_too_large', errors: [{ field: 'ttlSeconds' }] },
    });
    const tooMany = await sendJson('POST', `${reservation}/holds`, {
      salesChannel: 'base',
      items: [
        { sku, qty: 600 },
        { sku, qty: 600 },
      ],
    });
    expect(tooMany).toMatchObject({ status: 400, body: { errors: [{ field: 'items' }] } });
    const hold = await sendJson('POST', `${reservation}/holds`, {
      salesChannel: 'base',
      items: [{ sku, qty: 8 }],
      ttlSeconds: 2,
    });
    expect(hold.status).toBe(201);
    await salableBecomes(0);
    const check = await sendJson('POST', `${reservation}/sales-channels/base/is-salable`, {
      items: [{ sku, qty: 1 }],
    });
    expect(check.body.items[0]).toMatchObject({
      isSalable: false,
      errors: [{ code: 'is_salable_with_reservations-not_enough_qty', message: 'Not enough items for sale' }],
    });
    const status = await getJson(`${reservation}/sales-channels/base/skus/${sku}/stock-status`);
    expect(status.body).toMatchObject({ isSalable: false, message: 'Out of stock', buyButtonEnabled: false });

    await salableBecomes(8); // expired by the service itself
    // Two lines of one SKU are checked against their sum, as the order would be: 5 + 5 of 8 is refused.
    const repeated = await sendJson('POST', `${reservation}/sales-channels/base/is-salable`, {
      items: [
        { sku, qty: 5 },
        { sku, qty: 5 },
      ],
    });
    expect(repeated.body.items.map((line: { isSalable: boolean }) => line.isSalable)).toEqual([false, false]);
    expect(repeated.body.items[0].errors[0].message).toBe('Only 8 of 10 available');
    expect((await getJson(`${reservation}/holds/${hold.body.holdId}`)).body.releasedBecause).toBe('expired');
    const again = await sendJson('DELETE', `${reservation}/holds/${hold.body.holdId}`);
    expect(again.body.releasedBecause).toBe('expired');
    expect((await salable()).salableQty).toBe(8);
  });

  it('cart holds racing orders for the last units: exactly the stock taken, the rest 409, never a 5xx', async () => {
    const reservation = system.url('reservation');
    const hot = `${sku}-HOT`;
    await stockAtDefaultSource(system.url('catalog-inventory'), hot, 20);
    await waitForEqual(
      async () => (await getJson(`${reservation}/stocks/1/skus/${hot}/salable`)).body.salableQty,
      20,
      'the hot SKU salable',
    );
    const orders = Array.from({ length: 20 }, (_, i) => `hot-${system.runId}-${i}`);
    const placing = Promise.all(orders.map((id) => kafka.publish(orderPlaced(id, hot, 1), id)));
    let next = 0;
    const answers: { status: number; code?: string }[] = [];
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next++ < 200) {
          const { status, body } = await sendJson('POST', `${reservation}/holds`, {
            salesChannel: 'base',
            items: [{ sku: hot, qty: 1 }],
            ttlSeconds: 600,
          });
          answers.push({ status, code: body?.code });
        }
      }),
    );
    await placing;
    const outcomes = await waitFor(
      async () => {
        const decided = [
          ...kafka.eventsOf('OrderReservationPlaced'),
          ...kafka.eventsOf('OrderReservationRejected'),
        ].filter((event) => orders.includes(event.data.orderId));
        return decided.length === orders.length ? decided : undefined;
      },
      { what: 'the 20 orders decided' },
    );
    const granted = answers.filter((a) => a.status === 201).length;
    const accepted = outcomes.filter((event) => event.type === 'OrderReservationPlaced').length;
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    // Refused for the stock, or told to slow down by the key's rate limit: an answer with a code.
    const refusals = new Set(answers.filter((a) => a.status !== 201).map((a) => `${a.status} ${a.code}`));
    expect([...refusals].filter((r) => !['409 not_salable', '429 rate_limited'].includes(r))).toEqual([]);
    expect(refusals).toContain('409 not_salable');
    expect(granted + accepted).toBe(20);
    await waitForEqual(
      async () => (await getJson(`${reservation}/stocks/1/skus/${hot}/salable`)).body.salableQty,
      0,
      'the hot SKU sold out',
    );
  });

  it('knows a new stock without sources: nothing salable there, the SKU not assigned to it', async () => {
    const reservation = system.url('reservation');
    const channel = `popup-${system.runId}`;
    const saved = await sendJson('PUT', `${system.url('catalog-inventory')}/stocks/7`, {
      name: 'Pop-up',
      sourceLinks: [],
      salesChannels: [channel],
    });
    expect(saved.status).toBe(201);
    const view = await waitFor(
      async () => {
        const { status, body } = await getJson(`${reservation}/stocks/7/skus/${sku}/salable`);
        return status === 200 ? body : undefined;
      },
      { what: 'stock 7 in the salable projection' },
    );
    expect(view).toMatchObject({ stockId: 7, salableQty: 0, isSalable: false });
    const check = await sendJson('POST', `${reservation}/sales-channels/${channel}/is-salable`, {
      items: [{ sku, qty: 1 }],
    });
    expect(check.body.items[0].errors[0].code).toBe('requested-sku-is-not-assigned-to-given-stock');
  });

  it('replays the projection from the event store into the same table, and republishes with the same ids', async () => {
    const db = new Client({ connectionString: databaseUrl('reservation') });
    await db.connect();
    const table = async () =>
      (
        await db.query(
          `SELECT stock_id, sku, salable_qty, is_salable, only_x_left, backorders FROM salable_quantities ORDER BY 1, 2`,
        )
      ).rows;
    try {
      const live = await table();
      expect(live.length).toBeGreaterThan(0);
      const replay = await inventoryCli(['replay', 'salable-quantity']);
      expect(replay).toMatch(/replayed \d+ events in [\d.]+ s \(\d+ events\/s\); swapped in/);
      expect(await table()).toEqual(live);
      // The live projection goes on after the swap.
      await kafka.publish(orderPlaced(`after-${orderId}`, sku, 1), `after-${orderId}`);
      await salableBecomes(7);
    } finally {
      await db.end();
    }

    const placed = kafka.eventsOf('OrderReservationPlaced').filter((e) => e.data.orderId === orderId);
    expect(placed).toHaveLength(1);
    const republished = await inventoryCli(['republish']);
    expect(republished).toMatch(/published \d+ to Kafka/);
    await waitFor(
      async () =>
        kafka.eventsOf('OrderReservationPlaced').filter((e) => e.eventId === placed[0].eventId).length === 2
          ? true
          : undefined,
      { what: 'the republished OrderReservationPlaced, same event id' },
    );
  });

  it('answers 404 for a channel no stock sells through, and 400 naming a bad field', async () => {
    const reservation = system.url('reservation');
    const unknown = await sendJson('POST', `${reservation}/sales-channels/nowhere/is-salable`, {
      items: [{ sku, qty: 1 }],
    });
    expect(unknown).toMatchObject({ status: 404, body: { code: 'sales_channel_not_found' } });
    const bad = await sendJson('POST', `${reservation}/holds`, {
      salesChannel: 'base',
      items: [{ sku, qty: -1 }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('items.0.qty');
  });
});
