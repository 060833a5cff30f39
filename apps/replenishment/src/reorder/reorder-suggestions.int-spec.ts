import { randomUUID } from 'node:crypto';
import { TOPICS, createEvent } from '@inventory/contracts';
import { KafkaEventServer } from '@inventory/messaging';
import { InProcessApp, waitFor } from '@inventory/testing';
import { startReplenishmentApp } from '../testing/replenishment-app';

jest.setTimeout(90_000);

/** Incoming and reorder suggestions from the copies this service keeps of the catalog and fulfillment. */
describe('incoming and reorder suggestions (PostgreSQL)', () => {
  let replenishment: InProcessApp;
  const run = randomUUID().slice(0, 8);
  const [sku, source] = [`TEA-${run}`, `east-${run}`];
  const http = () => replenishment.http();
  const position = { topic: TOPICS.catalog, partition: 0, offset: '0', key: null };
  let handle: (group: string, event: ReturnType<typeof createEvent>) => Promise<void>;

  beforeAll(async () => {
    replenishment = await startReplenishmentApp('inventory_replenishment_reorder_it');
    const server = replenishment.app.get(KafkaEventServer);
    handle = (group, event) => server.subscription(group).handle(event, position);
    const catalog = (type: string, data: object) =>
      handle(
        'replenishment-catalog',
        createEvent(type as never, data as never, { source: 'catalog-inventory' }),
      );
    await catalog('SourceSaved', { code: source, name: 'East', enabled: true, version: 1 });
    // 10 at the source, 5 of them kept back as safety stock.
    await catalog('SourceItemsSaved', {
      sku,
      items: [{ sourceCode: source, quantity: 10, status: 'in_stock', notifyStockQty: null, safetyStock: 5 }],
      reason: 'manual',
      version: 2,
    });
    // 56 shipped in the last days: 2 a day over 28; one shipment delivered twice counts once.
    const shipment = createEvent(
      'ShipmentCreated',
      { shipmentId: `s-${run}`, orderId: `o-${run}`, items: [{ sku, sourceCode: source, qty: 50 }] },
      { source: 'fulfillment' },
    );
    await handle('replenishment', shipment);
    await handle('replenishment', createEvent('ShipmentCreated', shipment.data, { source: 'fulfillment' }));
    await handle(
      'replenishment',
      createEvent(
        'ShipmentCreated',
        { shipmentId: `s2-${run}`, orderId: `o2-${run}`, items: [{ sku, sourceCode: source, qty: 6 }] },
        { source: 'fulfillment' },
      ),
    );
    await http().put(`/suppliers/slow-${run}`).send({ name: 'Slow', leadTimeDays: 10 }).expect(201);
  });

  afterAll(async () => {
    await replenishment?.close();
  });

  const suggestion = async () =>
    (await http().get(`/reorder-suggestions?sourceCode=${source}`).expect(200)).body.items.find(
      (item: { sku: string }) => item.sku === sku,
    );

  it('suggests up to the reorder point plus 28 days of sales, with the default lead time', async () => {
    // 2 a day × 7 days + 5 = 19 ≥ 10 on hand: buy 19 + 56 − 10 = 65.
    expect(await suggestion()).toEqual({
      sku,
      sourceCode: source,
      available: 10,
      incoming: 0,
      safetyStock: 5,
      dailySales: 2,
      leadTimeDays: 7,
      reorderPoint: 19,
      suggestedQty: 65,
      supplierCode: null,
    });
  });

  it('counts open purchase orders and transfers in transit as incoming, and the last supplier’s lead time', async () => {
    await http()
      .post('/purchase-orders')
      .send({
        purchaseOrderId: `po-${run}`,
        supplierCode: `slow-${run}`,
        sourceCode: source,
        expectedAt: '2026-12-24',
        lines: [{ sku, qty: 20 }],
      })
      .expect(201);
    await handle(
      'replenishment-catalog',
      createEvent(
        'TransferShipped',
        {
          transferId: `tr-${run}`,
          fromSourceCode: 'default',
          toSourceCode: source,
          items: [{ sku, qty: 4 }],
          expectedAt: '2026-12-10T00:00:00.000Z',
        },
        { source: 'catalog-inventory' },
      ),
    );
    // The read model follows the purchase order's stream.
    const incoming = await waitFor(
      async () => {
        const { body } = await http().get(`/incoming?sku=${sku}`).expect(200);
        return body.items.length === 2 ? body : undefined;
      },
      { what: 'the purchase order and the transfer incoming' },
    );
    expect(incoming.items).toEqual([
      { sku, sourceCode: source, qty: 4, expectedAt: '2026-12-10T00:00:00.000Z', transferId: `tr-${run}` },
      { sku, sourceCode: source, qty: 20, expectedAt: '2026-12-24', purchaseOrderId: `po-${run}` },
    ]);
    // 2 × 10 + 5 = 25 < 10 + 24 coming: nothing to buy now.
    expect(await suggestion()).toBeUndefined();
    await http().post(`/purchase-orders/po-${run}/cancel`).expect(201);
    // Canceled: 10 + 4 ≤ 25 again, now with the slow supplier's 10 days: 25 + 56 − 14 = 67.
    const again = await waitFor(suggestion, { what: 'a suggestion once the order is canceled' });
    expect(again).toMatchObject({
      incoming: 4,
      leadTimeDays: 10,
      reorderPoint: 25,
      suggestedQty: 67,
      supplierCode: `slow-${run}`,
    });
  });
});
