import { TOPICS } from '@inventory/contracts';
import { KafkaTestClient, waitFor, waitForEqual } from '@inventory/testing';
import { orderPlaced } from './fixtures';
import { Json, getJson, sendJson } from './http';
import { RunningSystem } from './system';

jest.setTimeout(180_000);

/**
 * A merchant buys more: a purchase order with a supplier, received in two parts at the Default
 * Source; each receipt raises the catalog's quantity once and the storefront can sell the units;
 * then sales bring the SKU to its reorder point and a reorder suggestion appears.
 */
describe('replenishment: purchase orders raise the stock', () => {
  const system = new RunningSystem();
  const kafka = new KafkaTestClient();
  const run = system.runId;
  const replenishment = (path: string) => `${system.url('replenishment')}${path}`;
  const catalog = (path: string) => `${system.url('catalog-inventory')}${path}`;
  const salable = async (sku: string) =>
    (await getJson(`${system.url('reservation')}/stocks/1/skus/${sku}/salable`)).body.salableQty;
  const quantity = async (sku: string) =>
    (await getJson(catalog(`/source-items?sku=${sku}`))).body.items[0]?.quantity;

  beforeAll(async () => {
    await system.start();
  });

  afterAll(async () => {
    await kafka.close();
    await system.stop();
  });

  it('receives a purchase order in parts: each receipt raises the quantity once, and the storefront sells it', async () => {
    const sku = `PO-${run}`;
    const supplier = `acme-${run}`;
    expect(
      (await sendJson('PUT', replenishment(`/suppliers/${supplier}`), { name: 'Acme', leadTimeDays: 7 }))
        .status,
    ).toBe(201);
    const purchaseOrderId = `po-${run}`;
    const placed = await sendJson('POST', replenishment('/purchase-orders'), {
      purchaseOrderId,
      supplierCode: supplier,
      sourceCode: 'default',
      expectedAt: '2026-12-20',
      lines: [{ sku, qty: 30 }],
    });
    expect(placed.status).toBe(201);
    expect(placed.body.status).toBe('open');

    const receive = (receiptId: string, qty: number) =>
      sendJson('POST', replenishment(`/purchase-orders/${purchaseOrderId}/receipts`), {
        receiptId,
        lines: [{ sku, qty }],
      });
    expect((await receive('rcv-1', 20)).status).toBe(201);
    expect((await receive('rcv-1', 20)).status).toBe(200); // the same receipt again: applied once
    await waitForEqual(() => quantity(sku), 20, 'the first receipt at the Default Source', 30_000);
    await waitForEqual(() => salable(sku), 20, 'the received units salable', 30_000);

    const rest = await receive('rcv-2', 10);
    expect(rest.body).toMatchObject({ status: 'received', lines: [{ sku, qty: 30, received: 30 }] });
    await waitForEqual(() => quantity(sku), 30, 'both receipts, each once', 30_000);
    const log = (await getJson(catalog(`/source-items/movements?sku=${sku}`))).body.items;
    expect(
      log.map((movement: { delta: number; reason: string }) => [movement.reason, movement.delta]),
    ).toEqual([
      ['receipt', 10],
      ['receipt', 20],
    ]);
    await waitFor(
      async () =>
        (await getJson(replenishment(`/purchase-orders?status=received&sku=${sku}`))).body.total === 1
          ? true
          : undefined,
      { what: 'the order listed as received', timeoutMs: 30_000 },
    );
  });

  it('suggests reordering once sales bring a SKU to its reorder point', async () => {
    const sku = `PO-${run}`; // received 30 above, from a supplier with a 7-day lead time
    await waitForEqual(() => salable(sku), 30, 'the received units salable', 30_000);
    const orderId = `reorder-${run}`;
    await kafka.publish(orderPlaced(orderId, sku, 25), orderId);
    const fulfillment = (path: string) => `${system.url('fulfillment')}${path}`;
    await waitFor(
      async () => ((await getJson(fulfillment(`/orders/${orderId}`))).body.shippable ? true : undefined),
      { what: 'the order shippable', timeoutMs: 30_000 },
    );
    const shipped = await sendJson('POST', fulfillment('/shipments'), {
      orderId,
      items: [{ sku, sourceCode: 'default', qty: 25 }],
    });
    expect(shipped.status).toBe(201);
    // 25 shipped in 28 days, 7 days' lead time: the point is 6.25 and 5 are left, so buy
    // 6.25 + 25 − 5 = 26.25, in whole units 27.
    const suggestion = await waitFor(
      async () =>
        (await getJson(replenishment('/reorder-suggestions?sourceCode=default&limit=1000'))).body.items.find(
          (item: Json) => item.sku === sku && item.available === 5,
        ),
      { what: 'a reorder suggestion for the SKU', timeoutMs: 30_000 },
    );
    expect(suggestion).toMatchObject({
      leadTimeDays: 7,
      reorderPoint: 6.25,
      suggestedQty: 27,
      supplierCode: `acme-${run}`,
    });
  });

  it('tells the storefront and the order confirmation when a backorder ships, until the purchase order is received', async () => {
    const sku = `BO-${run}`;
    await sendJson('POST', catalog('/source-items'), {
      items: [{ sku, sourceCode: 'default', quantity: 0, status: 'in_stock' }],
    });
    await sendJson('PUT', catalog(`/products/${sku}/settings`), { backorders: 'allow_notify', minQty: -100 });
    const status = async () =>
      (await getJson(`${system.url('reservation')}/sales-channels/base/skus/${sku}/stock-status`)).body;
    await waitFor(async () => ((await status()).salableQty === 100 ? true : undefined), {
      what: 'the SKU on backorder only',
      timeoutMs: 30_000,
    });
    const purchaseOrderId = `po-bo-${run}`;
    const placed = await sendJson('POST', replenishment('/purchase-orders'), {
      purchaseOrderId,
      supplierCode: `acme-${run}`,
      sourceCode: 'default',
      expectedAt: '2026-12-28',
      lines: [{ sku, qty: 10 }],
    });
    expect(placed.status).toBe(201);
    await waitFor(async () => ((await status()).expectedShipDate === '2026-12-28' ? true : undefined), {
      what: "the purchase order's date on the storefront",
      timeoutMs: 30_000,
    });
    const check = await sendJson('POST', `${system.url('reservation')}/sales-channels/base/is-salable`, {
      items: [{ sku, qty: 2 }],
    });
    expect(check.body.items[0]).toMatchObject({
      isSalable: true,
      backorderQty: 2,
      expectedShipDate: '2026-12-28',
    });
    expect(check.body.items[0].notice).toMatch(/Expected to ship by 2026-12-28\.$/);

    const orderId = `bo-order-${run}`;
    await kafka.watch([TOPICS.reservations]);
    await kafka.publish(orderPlaced(orderId, sku, 2), orderId);
    const confirmed = await kafka.waitForEvent(
      'OrderReservationPlaced',
      (event) => event.data.orderId === orderId,
    );
    expect(confirmed.data.backorders).toEqual([{ sku, qty: 2, expectedShipDate: '2026-12-28' }]);

    await sendJson('POST', replenishment(`/purchase-orders/${purchaseOrderId}/receipts`), {
      receiptId: 'rcv-bo',
      lines: [{ sku, qty: 10 }],
    });
    await waitForEqual(() => quantity(sku), 10, 'the goods received', 30_000);
    await waitFor(async () => ((await status()).expectedShipDate === null ? true : undefined), {
      what: 'the date cleared once the goods are on hand',
      timeoutMs: 30_000,
    });
  });
});
