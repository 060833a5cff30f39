import { randomUUID } from 'node:crypto';
import { TOPICS, createEvent } from '@inventory/contracts';
import { KafkaEventServer } from '@inventory/messaging';
import { InProcessApp, KafkaTestClient, testTopicPrefix, waitFor } from '@inventory/testing';
import { startReplenishmentApp } from '../testing/replenishment-app';

jest.setTimeout(90_000);

/** Purchase orders through the routes, in the real event store, published to the real broker. */
describe('purchase orders (event store, PostgreSQL and Kafka)', () => {
  let replenishment: InProcessApp;
  const kafka = new KafkaTestClient({ topicPrefix: testTopicPrefix() });
  const run = randomUUID().slice(0, 8);
  const http = () => replenishment.http();
  const order = (purchaseOrderId: string, lines = [{ sku: `MUG-${run}`, qty: 10 }]) => ({
    purchaseOrderId,
    supplierCode: 'acme',
    sourceCode: 'default',
    expectedAt: '2026-12-20',
    lines,
  });

  beforeAll(async () => {
    await kafka.watch([TOPICS.replenishment]);
    replenishment = await startReplenishmentApp('inventory_replenishment_orders_it');
    // What the catalog published: the Default Source, and a SKU bought by weight.
    const catalog = replenishment.app.get(KafkaEventServer).subscription('replenishment-catalog');
    const position = { topic: TOPICS.catalog, partition: 0, offset: '0', key: null };
    await catalog.handle(
      createEvent(
        'SourceSaved',
        { code: 'default', name: 'Default Source', enabled: true },
        { source: 'catalog-inventory' },
      ),
      position,
    );
    await catalog.handle(
      createEvent(
        'InventorySettingsChanged',
        { scope: 'sku', sku: `FLOUR-${run}`, settings: { isQtyDecimal: true } },
        { source: 'catalog-inventory' },
      ),
      position,
    );
    await http().put('/suppliers/acme').send({ name: 'Acme Housewares', leadTimeDays: 7 }).expect(201);
  });

  afterAll(async () => {
    await kafka.close();
    await replenishment?.close();
  });

  it('places an order once, receives it in parts, each receipt once, and publishes each step once', async () => {
    const id = `po-${run}-1`;
    const placed = await http().post('/purchase-orders').send(order(id)).expect(201);
    expect(placed.body).toMatchObject({ status: 'open', lines: [{ qty: 10, received: 0 }] });
    await http().post('/purchase-orders').send(order(id)).expect(200);
    const other = await http()
      .post('/purchase-orders')
      .send({ ...order(id), expectedAt: '2026-12-31' })
      .expect(409);
    expect(other.body.code).toBe('purchase_order_exists');

    const receipt = { receiptId: 'r1', lines: [{ sku: `MUG-${run}`, qty: 4 }] };
    const partly = await http().post(`/purchase-orders/${id}/receipts`).send(receipt).expect(201);
    expect(partly.body).toMatchObject({ status: 'partially_received', lines: [{ received: 4 }] });
    await http().post(`/purchase-orders/${id}/receipts`).send(receipt).expect(200);
    const over = await http()
      .post(`/purchase-orders/${id}/receipts`)
      .send({ receiptId: 'r2', lines: [{ sku: `MUG-${run}`, qty: 7 }] })
      .expect(409);
    expect(over.body).toMatchObject({ code: 'over_receipt', errors: [{ field: 'lines.0.qty' }] });
    await http()
      .post(`/purchase-orders/${id}/receipts`)
      .send({ receiptId: 'r2', lines: [{ sku: `MUG-${run}`, qty: 6 }] })
      .expect(201);
    expect((await http().get(`/purchase-orders/${id}`).expect(200)).body.status).toBe('received');

    const published = await kafka.waitForEvent(
      'GoodsReceived',
      (event) => event.data.receiptId === 'r2' && event.data.purchaseOrderId === id,
    );
    expect(published.data).toEqual({
      purchaseOrderId: id,
      receiptId: 'r2',
      sourceCode: 'default',
      lines: [{ sku: `MUG-${run}`, qty: 6 }],
    });
    const receipts = kafka.received.filter((message) => {
      const event = message.json as { type?: string; data?: { purchaseOrderId?: string } } | undefined;
      return event?.type === 'GoodsReceived' && event.data?.purchaseOrderId === id;
    });
    expect(receipts).toHaveLength(2);
    await waitFor(
      async () =>
        (await http().get(`/purchase-orders?status=received&sku=MUG-${run}`)).body.total === 1
          ? true
          : undefined,
      { what: 'the read model to list the received order' },
    );
  });

  it('refuses an unknown supplier and source and fractions of a whole-unit SKU, naming the fields, storing nothing', async () => {
    const id = `po-${run}-2`;
    const refused = await http()
      .post('/purchase-orders')
      .send({
        ...order(id, [
          { sku: `MUG-${run}`, qty: 1.5 },
          { sku: `FLOUR-${run}`, qty: 2.5 },
        ]),
        supplierCode: 'nobody',
        sourceCode: 'nowhere',
      })
      .expect(400);
    expect(refused.body.errors.map((error: { field: string }) => error.field)).toEqual([
      'supplierCode',
      'sourceCode',
      'lines.0.qty',
    ]);
    await http().get(`/purchase-orders/${id}`).expect(404);
    const notADate = await http()
      .post('/purchase-orders')
      .send({ ...order(id), expectedAt: 'next week' })
      .expect(400);
    expect(notADate.body.errors[0].field).toBe('expectedAt');
  });

  it('cancels what has not arrived; nothing more can be received', async () => {
    const id = `po-${run}-3`;
    await http().post('/purchase-orders').send(order(id)).expect(201);
    await http().post(`/purchase-orders/${id}/cancel`).expect(201);
    await http().post(`/purchase-orders/${id}/cancel`).expect(200);
    const late = await http()
      .post(`/purchase-orders/${id}/receipts`)
      .send({ receiptId: 'r1', lines: [{ sku: `MUG-${run}`, qty: 1 }] })
      .expect(409);
    expect(late.body.code).toBe('purchase_order_canceled');
    const canceled = await kafka.waitForEvent(
      'PurchaseOrderCanceled',
      (event) => event.data.purchaseOrderId === id,
    );
    expect(canceled.data.lines).toEqual([{ sku: `MUG-${run}`, qty: 10 }]);
  });
});
