import { randomInt, randomUUID } from 'node:crypto';
import { TOPICS, createEvent, deadLetterTopicOf } from '@inventory/contracts';
import { DLQ_HEADER } from '@inventory/messaging';
import { KafkaTestClient, waitFor, waitForEqual } from '@inventory/testing';
import { orderPlaced } from './fixtures';
import { Json, getJson, sendJson } from './http';
import { inventoryCli } from './ops-cli';
import { RunningSystem } from './system';

jest.setTimeout(180_000);

const NEW_YORK = { latitude: 40.7128, longitude: -74.006 };
const LOS_ANGELES = { latitude: 34.0522, longitude: -118.2437 };

/**
 * Where source quantity drops, through real Kafka and the four running services: source selection
 * recommends, shipments deduct at the catalog and compensate at the reservation service, a credit
 * memo puts units back; plus refusals, in-store pickup, a canceled order and racing shipments.
 */
describe('fulfillment through Kafka and HTTP', () => {
  const system = new RunningSystem();
  const kafka = new KafkaTestClient();
  const run = system.runId;
  const sku = `FUL-${run}`;
  const [west, east, store] = [`west-${run}`, `east-${run}`, `store-${run}`];
  const stockId = randomInt(1_000, 1_000_000);
  const channel = `web-${run}`;
  const fulfillment = (path: string) => `${system.url('fulfillment')}${path}`;

  /** The catalog's quantities at west, east and the store. */
  const quantities = async (): Promise<number[]> => {
    const { body } = await getJson(`${system.url('catalog-inventory')}/source-items?sku=${sku}`);
    const byCode = new Map(body.items.map((item: Json) => [item.sourceCode, item.quantity]));
    return [west, east, store].map((code) => byCode.get(code) as number);
  };
  const salable = async () =>
    (await getJson(`${system.url('reservation')}/stocks/${stockId}/skus/${sku}/salable`)).body.salableQty;
  const order = async (orderId: string) => (await getJson(fulfillment(`/orders/${orderId}`))).body;
  /** An OrderPlaced on this stock's channel, reserved, and known to fulfillment as shippable. */
  const placeOrder = async (qty: number) => {
    const orderId = `order-${randomUUID()}`;
    await kafka.publish(orderPlaced(orderId, sku, qty, channel), orderId);
    await waitFor(async () => ((await order(orderId)).shippable ? true : undefined), {
      what: `order ${orderId} shippable in fulfillment`,
    });
    return orderId;
  };
  const select = (orderId: string, body: object) =>
    sendJson('POST', fulfillment(`/orders/${orderId}/source-selection`), body);
  const ship = (body: object) => sendJson('POST', fulfillment('/shipments'), body);

  beforeAll(async () => {
    await kafka.watch([
      TOPICS.reservations,
      TOPICS.fulfillment,
      deadLetterTopicOf(TOPICS.orders),
      deadLetterTopicOf(TOPICS.fulfillment),
    ]);
    await system.start();
    const catalog = system.url('catalog-inventory');
    const sources = [
      [west, { name: 'West', enabled: true, ...LOS_ANGELES }],
      [east, { name: 'East', enabled: true, ...NEW_YORK }],
      [store, { name: 'SoHo store', enabled: true, isPickupLocation: true, ...NEW_YORK }],
    ] as const;
    for (const [code, source] of sources) {
      expect((await sendJson('PUT', `${catalog}/sources/${code}`, source)).status).toBe(201);
    }
    const stock = await sendJson('PUT', `${catalog}/stocks/${stockId}`, {
      name: `Fulfillment ${run}`,
      sourceLinks: [
        { sourceCode: west, priority: 1 },
        { sourceCode: east, priority: 2 },
        { sourceCode: store, priority: 3 },
      ],
      salesChannels: [channel],
    });
    expect(stock.status).toBe(201);
    const items = [
      { sku, sourceCode: west, quantity: 3, status: 'in_stock' },
      { sku, sourceCode: east, quantity: 10, status: 'in_stock' },
      { sku, sourceCode: store, quantity: 4, status: 'in_stock' },
    ];
    expect((await sendJson('POST', `${catalog}/source-items`, { items })).status).toBe(200);
    await waitForEqual(salable, 17, 'salable 17 on the new stock');
  });

  afterAll(async () => {
    await kafka.close();
    await system.stop();
  });

  it('5 units across two sources: recommended 3 + 2, shipped twice, deducted, compensated; a credit memo returns 1', async () => {
    const orderId = await placeOrder(5);
    await waitForEqual(salable, 12, 'salable 12 once reserved');

    // The catalog's sources reach fulfillment through inventory.catalog.v1 too.
    const priority = await waitFor(
      async () => {
        const { body } = await select(orderId, { algorithm: 'priority' });
        return body.isShippable ? body : undefined;
      },
      { what: 'a priority recommendation covering the order' },
    );
    expect(priority.shipment).toEqual([
      { sku, sourceCode: west, qty: 3 },
      { sku, sourceCode: east, qty: 2 },
    ]);
    expect(priority.lines[0].sources.map((s: Json) => [s.sourceCode, s.qtyAvailable, s.qtyToDeduct])).toEqual(
      [
        [west, 3, 3],
        [east, 10, 2],
        [store, 4, 0],
      ],
    );

    // By distance from a New York postcode (the offline table): the east coast first.
    const nearest = await select(orderId, {
      algorithm: 'distance',
      shippingAddress: { country: 'US', postcode: '10001' },
    });
    expect(nearest.status).toBe(200);
    expect(nearest.body.shipment).toEqual([{ sku, sourceCode: east, qty: 5 }]);
    expect(nearest.body.lines[0].sources.at(-1)).toMatchObject({
      sourceCode: west,
      distanceKm: expect.any(Number),
    });
    const nowhere = await select(orderId, { algorithm: 'distance' });
    expect(nowhere).toMatchObject({
      status: 400,
      body: {
        code: 'no_destination',
        message: expect.stringContaining('No destination address was provided in the request'),
      },
    });

    // Refused, each naming the item: more than ordered, a source outside the stock, more than the source has.
    const refusals = await ship({
      orderId,
      items: [
        { sku, sourceCode: 'default', qty: 1 },
        { sku, sourceCode: west, qty: 6 },
      ],
    });
    expect(refusals.status).toBe(409);
    expect(refusals.body.errors.map((e: Json) => e.field)).toEqual([
      'items.0.qty',
      'items.0.sourceCode',
      'items.1.qty',
    ]);
    expect((await ship({ orderId, items: [{ sku, sourceCode: west, qty: 4 }] })).body.code).toBe(
      'insufficient_source_qty',
    );

    // The recommendation, as two shipments; the first sent twice ships once.
    const first = { orderId, shipmentId: `ship-${run}-1`, items: [priority.shipment[0]] };
    expect(await ship(first)).toMatchObject({
      status: 201,
      body: { shipmentId: first.shipmentId, kind: 'shipment' },
    });
    expect(await ship(first)).toMatchObject({ status: 200, body: { shipmentId: first.shipmentId } });
    const second = await ship({ orderId, items: [priority.shipment[1]] });
    expect(second.status).toBe(201);

    for (const shipmentId of [first.shipmentId, second.body.shipmentId]) {
      await kafka.waitForEvent('ShipmentCreated', (e) => e.data.shipmentId === shipmentId);
    }
    await waitForEqual(quantities, [0, 8, 4], 'both sources deducted');
    await waitForEqual(
      salable,
      12,
      'salable unchanged: shipped units left the source and the reservation together',
    );
    await waitFor(
      async () => {
        const view = await order(orderId);
        return view.items[0].reserved === 0 &&
          view.shipments.every((s: Json) => s.items.every((i: Json) => i.deducted))
          ? view
          : undefined;
      },
      { what: 'the reservation fully compensated and both shipments deducted' },
    );
    const compensated = kafka.eventsOf('ReservationCompensated').filter((e) => e.data.orderId === orderId);
    expect(compensated.reduce((sum, e) => sum + e.data.qty, 0)).toBe(5);
    expect(compensated.every((e) => e.data.reason === 'shipment')).toBe(true);

    // Credit memo of 1 with return to stock: back to where it shipped from first.
    const refund = { orderId, creditMemoId: `cm-${run}`, items: [{ sku, qty: 1, returnToStock: true }] };
    const memo = await sendJson('POST', fulfillment('/credit-memos'), refund);
    expect(memo).toMatchObject({
      status: 201,
      body: { items: [{ sku, qty: 1, returnToStock: true, sourceCode: west }] },
    });
    // Sent again (a retry): the same memo, nothing refunded twice; other items under its id: refused.
    expect(await sendJson('POST', fulfillment('/credit-memos'), refund)).toMatchObject({
      status: 200,
      body: { creditMemoId: refund.creditMemoId },
    });
    const reused = await sendJson('POST', fulfillment('/credit-memos'), {
      ...refund,
      items: [{ ...refund.items[0], qty: 2 }],
    });
    expect(reused).toMatchObject({ status: 409, body: { code: 'credit_memo_exists' } });
    await waitForEqual(quantities, [1, 8, 4], 'the returned unit at west');
    await waitForEqual(salable, 13, 'salable 13');
    expect((await order(orderId)).items[0]).toEqual({
      sku,
      ordered: 5,
      reserved: 0,
      shipped: 5,
      canceled: 0,
      refunded: 1,
      refundedUnshipped: 0,
      returnedToStock: 1,
      toShip: 0,
      inFlight: 0,
    });
  });

  it('in-store pickup, then a refund of the unshipped unit gives its reservation back', async () => {
    const orderId = await placeOrder(2);
    await waitForEqual(salable, 11, 'salable 11 once reserved');
    const notAPickup = await ship({
      orderId,
      pickupLocationCode: east,
      items: [{ sku, sourceCode: store, qty: 1 }],
    });
    expect(notAPickup).toMatchObject({ status: 409, body: { code: 'not_a_pickup_location' } });

    const pickup = await ship({
      orderId,
      pickupLocationCode: store,
      items: [{ sku, sourceCode: store, qty: 1 }],
    });
    expect(pickup).toMatchObject({ status: 201, body: { kind: 'pickup', status: 'awaiting_pickup' } });
    const collected = await sendJson('POST', fulfillment(`/shipments/${pickup.body.shipmentId}/picked-up`));
    expect(collected).toMatchObject({
      status: 200,
      body: { status: 'picked_up', pickedUpAt: expect.any(String) },
    });
    await waitForEqual(quantities, [1, 8, 3], 'the pickup deducted at the store');

    // Refund both: one was collected (back to the store), the other never left (its reservation goes).
    const memo = await sendJson('POST', fulfillment('/credit-memos'), {
      orderId,
      items: [{ sku, qty: 2, returnToStock: true }],
    });
    expect(memo.body.items).toEqual([
      { sku, qty: 1, returnToStock: true, sourceCode: store, shipped: true },
      { sku, qty: 1, returnToStock: false, sourceCode: null, shipped: false },
    ]);
    await waitForEqual(quantities, [1, 8, 4], 'the collected unit back at the store');
    await waitForEqual(salable, 13, 'salable 13: nothing held for the order');
    const refundShipped = await ship({ orderId, items: [{ sku, sourceCode: store, qty: 1 }] });
    expect(refundShipped.body.code).toBe('more_than_ordered');
  });

  it('refuses to ship a canceled order', async () => {
    const orderId = await placeOrder(3);
    const cancel = (items?: { sku: string; qty: number }[]) =>
      createEvent('OrderCanceled', { orderId, ...(items ? { items } : {}) }, { source: 'order-system' });
    // Cancelling more than was ordered: refused whole, to the DLQ, by both consumer groups.
    const overCancel = cancel([{ sku, qty: 4 }]);
    await kafka.publish(overCancel, orderId);
    const letter = await kafka.waitForMessage(
      (m) =>
        m.headers['event-id'] === overCancel.eventId &&
        m.headers[DLQ_HEADER.consumerGroup]?.startsWith('fulfillment'),
      'the over-cancel on orders.v1.dlq from fulfillment',
    );
    expect(letter.headers[DLQ_HEADER.reason]).toBe('over_cancel');
    expect((await order(orderId)).items[0]).toMatchObject({ canceled: 0, toShip: 3 });

    // Ops see the letter over HTTP, only their service's group's, and re-drive it: refused again.
    const letters = await getJson(fulfillment(`/dead-letters?topic=${TOPICS.orders}`));
    expect(letters.body.topics).toContain(TOPICS.orders);
    const ours = letters.body.items.filter((l: Json) => l.eventId === overCancel.eventId);
    expect(ours).toEqual([
      expect.objectContaining({
        reason: 'over_cancel',
        consumerGroup: letter.headers[DLQ_HEADER.consumerGroup],
      }),
    ]);
    expect(letters.body.items.every((l: Json) => l.consumerGroup.startsWith('fulfillment'))).toBe(true);
    // Kept in fulfillment's database: found by filter, re-driven by id, marked.
    const filtered = await getJson(
      fulfillment(`/dead-letters?reason=over_cancel&eventType=OrderCanceled&limit=1`),
    );
    expect(filtered.body.items[0]).toMatchObject({ eventId: overCancel.eventId, redriveCount: 0 });
    const redrive = await sendJson('POST', fulfillment(`/dead-letters/${ours[0].id}/redrive`));
    expect(redrive).toMatchObject({ status: 202, body: { redriven: { eventId: overCancel.eventId } } });
    await waitFor(
      () =>
        kafka.received.filter(
          (m) =>
            m.headers['event-id'] === overCancel.eventId &&
            m.headers[DLQ_HEADER.consumerGroup]?.startsWith('fulfillment'),
        ).length === 2
          ? true
          : undefined,
      { what: 'the re-driven over-cancel dead-lettered again by fulfillment' },
    );
    const redriven = await getJson(fulfillment(`/dead-letters?redriven=true&topic=${TOPICS.orders}`));
    expect(redriven.body.items.find((l: Json) => l.id === ours[0].id)).toMatchObject({
      redriveCount: 1,
      redrivenAt: expect.any(String),
    });
    const nowhere = await sendJson('POST', fulfillment('/dead-letters/redrive'), {
      topic: TOPICS.orders,
      partition: 0,
      offset: '999999999',
    });
    expect(nowhere).toMatchObject({ status: 404, body: { code: 'dead_letter_not_found' } });
    expect(await sendJson('POST', fulfillment('/dead-letters/999999999/redrive'))).toMatchObject({
      status: 404,
      body: { code: 'dead_letter_not_found' },
    });
    expect((await getJson(fulfillment('/dead-letters?redriven=maybe'))).body).toMatchObject({
      errors: [{ field: 'redriven' }],
    });
    await kafka.publish(cancel(), orderId);
    await waitFor(async () => ((await order(orderId)).canceled ? true : undefined), { what: 'the cancel' });
    expect((await order(orderId)).items[0]).toMatchObject({ ordered: 3, canceled: 3, toShip: 0 });
    expect((await ship({ orderId, items: [{ sku, sourceCode: east, qty: 1 }] })).body.code).toBe(
      'order_not_shippable',
    );
    await waitForEqual(salable, 13, 'salable 13 after the cancel');
  });

  it('two shipments racing for the same units: exactly one ships', async () => {
    const orderId = await placeOrder(4);
    const racers = await Promise.all(
      [1, 2, 3].map(() => ship({ orderId, items: [{ sku, sourceCode: east, qty: 4 }] })),
    );
    expect(racers.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect((await order(orderId)).shipments).toHaveLength(1);
    await waitForEqual(quantities, [1, 4, 4], 'one deduction of 4');
  });

  it('lists the orders newest first, and those with units to ship now', async () => {
    const orderId = await placeOrder(1);
    const list = async (query: string) =>
      (await getJson(fulfillment(`/orders?salesChannel=${channel}${query}`))).body;
    const all = await list('&limit=1000');
    expect(all.items[0]).toMatchObject({ orderId, shippable: true, items: [{ sku, ordered: 1, toShip: 1 }] });
    expect(all.total).toBe(all.items.length);
    expect(all.items.some((o: Json) => o.canceled)).toBe(true); // the canceled one above
    const placedAt = all.items.map((o: Json) => o.placedAt);
    expect(placedAt).toEqual([...placedAt].sort().reverse());

    const toShip = await list('&toShip=true&limit=1000');
    expect(toShip.items.map((o: Json) => o.orderId)).toEqual(
      all.items.filter((o: Json) => o.shippable).map((o: Json) => o.orderId),
    );
    expect(toShip.items.map((o: Json) => o.orderId)).toContain(orderId);
    expect((await list('&status=rejected')).items).toEqual([]);
    // By id: the counters of an order shipped just before may still move (its deduction comes back).
    const orderIdsOf = (page: Json) => page.items.map((o: Json) => o.orderId);
    expect(orderIdsOf(await list('&limit=1&offset=1'))).toEqual([all.items[1].orderId]);

    const refused = await getJson(fulfillment('/orders?status=lost'));
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('status');
  });

  it('an OrderPlaced sent again by the order system (a new eventId) is the same order: counted and shipped once', async () => {
    const before = await salable();
    const orderId = await placeOrder(2);
    const resent = orderPlaced(orderId, sku, 2, channel);
    await kafka.publish(resent, orderId);
    // Behind the re-sent order on its partition: once this cancel shows, the re-send was handled.
    await kafka.publish(
      createEvent('OrderCanceled', { orderId, items: [{ sku, qty: 1 }] }, { source: 'order-system' }),
      orderId,
    );
    await waitFor(async () => ((await order(orderId)).items[0].canceled === 1 ? true : undefined), {
      what: 'the partial cancel behind the re-sent order',
    });
    expect((await order(orderId)).items[0]).toMatchObject({ ordered: 2, canceled: 1, toShip: 1 });
    await waitForEqual(salable, before - 1, 'reserved once, one unit canceled');
    const twice = await ship({ orderId, items: [{ sku, sourceCode: east, qty: 2 }] });
    expect(twice).toMatchObject({ status: 409, body: { code: 'more_than_ordered' } });
    expect((await ship({ orderId, items: [{ sku, sourceCode: east, qty: 1 }] })).status).toBe(201);
    await waitFor(async () => ((await order(orderId)).items[0].reserved === 0 ? true : undefined), {
      what: 'the shipped unit compensated',
    });
    expect(kafka.eventsOf('OrderReservationPlaced').filter((e) => e.data.orderId === orderId)).toHaveLength(
      1,
    );
  });

  it('a refund before shipment takes the units out of what is left to ship; shipping the rest holds nothing', async () => {
    const before = await salable();
    const orderId = await placeOrder(3);
    await waitForEqual(salable, before - 3, 'three reserved');
    const memo = await sendJson('POST', fulfillment('/credit-memos'), {
      orderId,
      items: [{ sku, qty: 1, returnToStock: true }],
    });
    expect(memo.body.items).toEqual([
      { sku, qty: 1, returnToStock: false, sourceCode: null, shipped: false },
    ]);
    await waitForEqual(salable, before - 2, 'the refunded unit no longer reserved');
    expect((await order(orderId)).items[0]).toMatchObject({ refundedUnshipped: 1, toShip: 2 });
    const rest = await ship({ orderId, items: [{ sku, sourceCode: east, qty: 2 }] });
    expect(rest.status).toBe(201);
    await waitFor(
      async () => {
        const line = (await order(orderId)).items[0];
        return line.reserved === 0 && line.toShip === 0 ? line : undefined;
      },
      { what: 'nothing reserved nor left to ship' },
    );
    expect((await order(orderId)).shippable).toBe(false);
    // The two shipped units left the shelf and the reservation together: salable stays where it was.
    await waitForEqual(salable, before - 2, 'salable unchanged by the shipment');
    expect((await ship({ orderId, items: [{ sku, sourceCode: east, qty: 1 }] })).body.code).toBe(
      'more_than_ordered',
    );
  });

  it('a cancel while a shipment is in flight leaves its units held, even when the catalog dead-letters it', async () => {
    const before = await salable();
    const orderId = await placeOrder(3);
    // A shipment the catalog cannot deduct (nothing of the SKU at the Default Source): dead-lettered there.
    const inFlight = createEvent(
      'ShipmentCreated',
      { shipmentId: `ship-${run}-dlq`, orderId, items: [{ sku, sourceCode: 'default', qty: 2 }] },
      { source: 'fulfillment' },
    );
    await kafka.publish(inFlight, orderId);
    await kafka.waitForMessage(
      (m) =>
        m.headers['event-id'] === inFlight.eventId &&
        m.headers[DLQ_HEADER.consumerGroup]?.startsWith('catalog-inventory'),
      'the undeductible shipment on fulfillment.v1.dlq',
    );
    await kafka.publish(createEvent('OrderCanceled', { orderId }, { source: 'order-system' }), orderId);
    const canceled = await kafka.waitForEvent(
      'ReservationCompensated',
      (e) => e.data.orderId === orderId && e.data.reason === 'order_canceled',
    );
    expect(canceled.data.qty).toBe(1);
    // The two shipped units stay reserved until their deduction: no window to sell them again.
    await waitForEqual(salable, before - 2, 'only the unshipped unit back on sale');

    // That shipment is one fulfillment never made (published by hand here): ops' audit finds the
    // order holding 2 where fulfillment has nothing to ship, and --fix gives them back, once.
    type Audit = { inconsistencies: Json[]; fixed: Json[] };
    const audit = async (...flags: string[]): Promise<Audit> =>
      JSON.parse(
        await inventoryCli(
          [
            'audit',
            '--json',
            '--confirm-after',
            '1',
            '--catalog-url',
            system.url('catalog-inventory'),
            '--fulfillment-url',
            system.url('fulfillment'),
            ...flags,
          ],
          { INVENTORY_API_KEY: process.env.TEST_API_KEY },
        ),
      );
    const ofOrder = (found: Json[]) => found.filter((item) => item.orderId === orderId);
    await waitFor(async () => ((await order(orderId)).canceled ? true : undefined), {
      what: 'the cancel in fulfillment',
    });
    expect(ofOrder((await audit()).inconsistencies)).toEqual([
      { kind: 'held_differs', orderId, sku, held: 2, expected: 0, revision: expect.any(Number) },
    ]);
    expect(ofOrder((await audit('--fix')).fixed)).toEqual([{ orderId, sku, units: 2 }]);
    await waitForEqual(salable, before, 'the phantom shipment no longer held');
    const again = await audit('--fix');
    expect(ofOrder(again.inconsistencies)).toEqual([]);
    expect(ofOrder(again.fixed)).toEqual([]);
    const audited = kafka
      .eventsOf('ReservationCompensated')
      .filter((e) => e.data.orderId === orderId && e.data.reason === 'audit');
    expect(audited.map((e) => e.data.qty)).toEqual([2]);
  });

  it("a deleted stock's open order keeps counting on the source it shared, and can still ship from it", async () => {
    const catalog = system.url('catalog-inventory');
    const other = stockId + 1;
    const otherChannel = `other-${run}`;
    const saveOther = (salesChannels: string[]) =>
      sendJson('PUT', `${catalog}/stocks/${other}`, {
        name: `Other ${run}`,
        sourceLinks: [{ sourceCode: store, priority: 1 }],
        salesChannels,
      });
    expect((await saveOther([otherChannel])).status).toBe(201);
    // The stock reaches the reservation service on another topic than the order: known first.
    await waitFor(
      async () =>
        (await getJson(`${system.url('reservation')}/stocks/${other}/skus/${sku}/salable`)).status === 200
          ? true
          : undefined,
      { what: 'the other stock known to the reservation service' },
    );
    const orderId = `order-${randomUUID()}`;
    await kafka.publish(orderPlaced(orderId, sku, 2, otherChannel), orderId);
    await waitFor(async () => ((await order(orderId)).shippable ? true : undefined), {
      what: 'the order on the other stock shippable',
    });
    const before = await salable();

    // The merchant moves the other stock's channel away and deletes it, its order still open.
    expect((await saveOther([])).status).toBe(200);
    expect((await sendJson('DELETE', `${catalog}/stocks/${other}`)).status).toBe(204);
    await waitFor(
      async () =>
        (await getJson(`${system.url('reservation')}/stocks/${other}/skus/${sku}/salable`)).status === 404
          ? true
          : undefined,
      { what: 'the deletion known to the reservation service' },
    );
    // The 2 units it holds at the shared store still count: this stock is not told they are free.
    expect(await salable()).toBe(before);

    const shipped = await ship({ orderId, items: [{ sku, sourceCode: store, qty: 2 }] });
    expect(shipped.status).toBe(201);
    await waitFor(async () => ((await order(orderId)).items[0].reserved === 0 ? true : undefined), {
      what: 'the shipment from the former link compensated',
    });
    expect(await salable()).toBe(before);
  });
});
