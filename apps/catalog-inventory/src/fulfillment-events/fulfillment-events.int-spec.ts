import { randomUUID } from 'node:crypto';
import { TOPICS, createEvent, deadLetterTopicOf } from '@inventory/contracts';
import { DLQ_HEADER, KafkaEventServer } from '@inventory/messaging';
import { KafkaTestClient, testTopicPrefix, waitFor } from '@inventory/testing';
import { CatalogApp, startCatalogApp } from '../testing/catalog-app';
import { NOT_ALL_AVAILABLE } from './fulfillment-events.handler';

jest.setTimeout(90_000);

/** ShipmentCreated, CreditMemoCreated and GoodsReceived from the real broker, applied to real PostgreSQL. */
describe('fulfillment events (real Kafka and PostgreSQL)', () => {
  let catalog: CatalogApp;
  const kafka = new KafkaTestClient({ topicPrefix: testTopicPrefix() });
  const sku = `SHIP-${randomUUID().slice(0, 8)}`;
  const quantity = async () => (await catalog.http().get(`/source-items?sku=${sku}`)).body.items[0]?.quantity;
  const shipment = (qty: number, orderId = `o-${randomUUID()}`) =>
    createEvent(
      'ShipmentCreated',
      { shipmentId: `s-${randomUUID()}`, orderId, items: [{ sku, sourceCode: 'default', qty }] },
      { source: 'fulfillment' },
    );

  beforeAll(async () => {
    await kafka.watch([deadLetterTopicOf(TOPICS.fulfillment)]);
    catalog = await startCatalogApp('inventory_catalog_fulfillment_it');
    await waitFor(async () => ((await catalog.http().get('/health')).status === 200 ? true : undefined), {
      what: 'the catalog consumer to join its group',
    });
    await catalog
      .http()
      .post('/source-items')
      .send({ items: [{ sku, sourceCode: 'default', quantity: 10, status: 'in_stock' }] })
      .expect(200);
  });

  afterAll(async () => {
    await kafka.close();
    await catalog?.close();
  });

  it('deducts a shipment once even when it is delivered twice', async () => {
    const event = shipment(3);
    await kafka.publish(event, event.data.orderId);
    await kafka.publish(event, event.data.orderId);
    await waitFor(async () => ((await quantity()) === 7 ? true : undefined), { what: 'the deduction' });
    // A later shipment proves the duplicate was consumed (and skipped), not still pending.
    const next = shipment(1);
    await kafka.publish(next, next.data.orderId);
    await waitFor(async () => ((await quantity()) === 6 ? true : undefined), { what: 'the next shipment' });
    const [saved] = await catalog.dataSource.query(
      `SELECT payload FROM outbox WHERE event_type = 'SourceItemsSaved' AND payload::jsonb -> 'data' ->> 'shipmentId' = $1`,
      [event.data.shipmentId],
    );
    expect(JSON.parse(saved.payload).data).toMatchObject({
      reason: 'shipment',
      orderId: event.data.orderId,
      items: [{ quantity: 7 }],
      shippedQty: 3,
      version: expect.any(Number),
    });
  });

  it('deducts a shipment once when it is published again under a new event id', async () => {
    const event = shipment(2);
    const again = createEvent('ShipmentCreated', event.data, { source: 'fulfillment' });
    expect(again.eventId).not.toBe(event.eventId);
    await kafka.publish(event, event.data.orderId);
    await kafka.publish(again, event.data.orderId);
    const next = shipment(1);
    await kafka.publish(next, next.data.orderId);
    await waitFor(async () => ((await quantity()) === 3 ? true : undefined), {
      what: 'two deductions (2 and 1), not three',
    });
  });

  it('refuses a shipment beyond the source quantity: DLQ with the reason, quantity unchanged', async () => {
    const event = shipment(100);
    await kafka.publish(event, event.data.orderId);
    const letter = await kafka.waitForMessage(
      (m) => m.key === event.data.orderId && m.headers[DLQ_HEADER.reason] === 'insufficient_source_qty',
      'the refused shipment on fulfillment.v1.dlq',
    );
    expect(letter.headers[DLQ_HEADER.error]).toContain(NOT_ALL_AVAILABLE);
    expect(await quantity()).toBe(3);
  });

  it('returns credited goods to the named source', async () => {
    const memo = createEvent(
      'CreditMemoCreated',
      {
        creditMemoId: `cm-${randomUUID()}`,
        orderId: 'o-1',
        items: [{ sku, qty: 2, returnToStock: true, sourceCode: 'default' }],
      },
      { source: 'fulfillment' },
    );
    await kafka.publish(memo, 'o-1');
    await waitFor(async () => ((await quantity()) === 5 ? true : undefined), { what: 'the returned goods' });
  });

  it("raises the source by a purchase order's receipt once, however often it is delivered, with the movement's documents", async () => {
    const newSku = `RCV-${randomUUID().slice(0, 8)}`;
    const received = createEvent(
      'GoodsReceived',
      {
        purchaseOrderId: `po-${randomUUID().slice(0, 8)}`,
        receiptId: 'rcv-1',
        sourceCode: 'default',
        lines: [{ sku: newSku, qty: 40 }],
      },
      { source: 'replenishment' },
    );
    const again = createEvent('GoodsReceived', received.data, { source: 'replenishment' });
    const key = received.data.purchaseOrderId;
    await kafka.publish(received, key);
    await kafka.publish(received, key);
    await kafka.publish(again, key);
    const second = createEvent(
      'GoodsReceived',
      { ...received.data, receiptId: 'rcv-2', lines: [{ sku: newSku, qty: 2 }] },
      { source: 'replenishment' },
    );
    await kafka.publish(second, key);
    const stocked = async () =>
      (await catalog.http().get(`/source-items?sku=${newSku}`)).body.items[0]?.quantity;
    await waitFor(async () => ((await stocked()) === 42 ? true : undefined), {
      what: 'two receipts (40 and 2) on a new source item, not more',
    });
    const log = (await catalog.http().get(`/source-items/movements?sku=${newSku}`)).body.items;
    expect(log[log.length - 1]).toMatchObject({
      state: 'available',
      delta: 40,
      reason: 'receipt',
      referenceDocument: received.data.purchaseOrderId,
      documentId: 'rcv-1',
    });
  });

  it('applies a fetched batch all or none: one transaction, each document once', async () => {
    // The group's batch as its consumer hands it over (KafkaEventServer: @EventPattern handlers).
    const handler = catalog.app.get(KafkaEventServer).subscription('catalog-inventory');
    const position = { topic: TOPICS.fulfillment, partition: 0, offset: '0', key: null };
    const batch = (...events: ReturnType<typeof shipment>[]) =>
      handler.handleBatch!(events.map((event) => ({ event, position })));
    const before: number = await quantity();
    const first = shipment(1);
    const again = createEvent('ShipmentCreated', first.data, { source: 'fulfillment' });
    await batch(first, again, shipment(1), first);
    expect(await quantity()).toBe(before - 2);
    // One shipment the source cannot cover fails the batch; the good one beside it is not kept
    // either (the consumer then takes the events one at a time and dead-letters the bad one).
    await expect(batch(shipment(1), shipment(1_000))).rejects.toThrow(NOT_ALL_AVAILABLE);
    expect(await quantity()).toBe(before - 2);
  });
});
