import { createEvent } from '@inventory/contracts';
import { KafkaTestClient, waitFor, waitForEqual } from '@inventory/testing';
import { Json, getJson, sendJson } from './http';
import { RunningSystem } from './system';

jest.setTimeout(180_000);

/**
 * Inventory states, kits and Smartstore's low-stock activity through the running services: damaged
 * goods leave the salable quantity, a cycle count made against a quantity that moved is refused, a
 * kit sells out with one of its components, and a product's buy button goes off below its Minimum
 * Stock Quantity.
 */
describe('inventory states, adjustments, kits and low-stock activity', () => {
  const system = new RunningSystem();
  const kafka = new KafkaTestClient();
  const run = system.runId;
  const catalog = (path: string) => `${system.url('catalog-inventory')}${path}`;
  const reservation = (path: string) => `${system.url('reservation')}${path}`;
  const salable = async (sku: string) =>
    (await getJson(reservation(`/stocks/1/skus/${sku}/salable`))).body.salableQty;
  const item = async (sku: string) =>
    (await getJson(catalog(`/source-items?sku=${sku}`))).body.items[0] as Json;
  const stock = async (sku: string, quantity: number) => {
    const saved = await sendJson('POST', catalog('/source-items'), {
      items: [{ sku, sourceCode: 'default', quantity, status: 'in_stock' }],
    });
    expect(saved.status).toBe(200);
    await waitForEqual(() => salable(sku), quantity, `${sku} salable ${quantity}`, 30_000);
  };

  beforeAll(async () => {
    await system.start();
  });

  afterAll(async () => {
    await kafka.close();
    await system.stop();
  });

  it('moves damaged goods out of sale: the salable quantity drops, the movement log says why', async () => {
    const sku = `DMG-${run}`;
    await stock(sku, 10);
    const moved = await sendJson('POST', catalog('/adjustments'), {
      adjustmentId: `dmg-${run}`,
      reason: 'damaged',
      referenceDocument: 'Dropped pallet, aisle 4',
      changes: [
        { sku, sourceCode: 'default', state: 'available', delta: -3 },
        { sku, sourceCode: 'default', state: 'damaged', delta: 3 },
      ],
    });
    expect(moved.status).toBe(201);
    await waitForEqual(() => salable(sku), 7, 'the damaged units no longer salable', 30_000);
    expect(await item(sku)).toMatchObject({ quantity: 7, damaged: 3 });
    const log = (await getJson(catalog(`/source-items/movements?sku=${sku}`))).body;
    expect(log.items.slice(0, 2)).toEqual([
      expect.objectContaining({ state: 'damaged', delta: 3, reason: 'damaged', documentId: `dmg-${run}` }),
      expect.objectContaining({ state: 'available', delta: -3, quantityAfter: 7 }),
    ]);
  });

  it('refuses a cycle count when the quantity changed since the shelf was counted', async () => {
    const sku = `CNT-${run}`;
    await stock(sku, 12);
    await stock(sku, 11); // one shipped while the count sheet was out
    const count = await sendJson('POST', catalog('/adjustments'), {
      adjustmentId: `count-${run}`,
      reason: 'cycle_count',
      changes: [{ sku, sourceCode: 'default', state: 'available', delta: -2, compareQuantity: 12 }],
    });
    expect(count.status).toBe(409);
    expect(count.body.code).toBe('quantity_changed');
    expect(count.body.errors[0].field).toBe('changes.0.compareQuantity');
    expect(await item(sku)).toMatchObject({ quantity: 11 });
    expect(await salable(sku)).toBe(11);
  });

  it('sells a transfer in transit at neither end, then what arrived at the destination', async () => {
    const sku = `TRN-${run}`;
    const east = `east-${run}`;
    expect((await sendJson('PUT', catalog(`/sources/${east}`), { name: 'East', enabled: true })).status).toBe(
      201,
    );
    const linked = await sendJson('PUT', catalog('/stocks/1'), {
      name: 'Default Stock',
      sourceLinks: [
        { sourceCode: 'default', priority: 1 },
        { sourceCode: east, priority: 2 },
      ],
      salesChannels: ['base'],
    });
    expect(linked.status).toBe(200);
    await stock(sku, 10);
    const shipped = await sendJson('POST', catalog('/transfers'), {
      transferId: `tr-${run}`,
      fromSourceCode: 'default',
      toSourceCode: east,
      items: [{ sku, qty: 6 }],
      expectedAt: '2026-12-12T00:00:00Z',
    });
    expect(shipped.status).toBe(201);
    await waitForEqual(() => salable(sku), 4, 'the units in transit not salable', 30_000);
    const received = await sendJson('POST', catalog(`/transfers/tr-${run}/receipts`), {
      receiptId: `rcv-${run}`,
      items: [{ sku, qty: 3, damaged: 1 }],
    });
    expect(received.status).toBe(201);
    expect(received.body).toMatchObject({ status: 'partially_received', items: [{ inTransit: 2 }] });
    await waitForEqual(() => salable(sku), 7, 'the good units received salable, the damaged one not', 30_000);
    const canceled = await sendJson('POST', catalog(`/transfers/tr-${run}/cancel`));
    expect(canceled.body).toMatchObject({ status: 'canceled', items: [{ returned: 2 }] });
    await waitForEqual(() => salable(sku), 9, 'what was in transit back at the origin', 30_000);
  });

  it('sells a kit as its scarcest component, ships it as components, and sells it out with one of them', async () => {
    const [box, mug, tea] = [`BOX-${run}`, `MUG-${run}`, `TEA-${run}`];
    await stock(mug, 7);
    await stock(tea, 10);
    const defined = await sendJson('PUT', catalog(`/products/${box}/components`), {
      components: [
        { sku: mug, qty: 2 },
        { sku: tea, qty: 1 },
      ],
    });
    expect(defined.status).toBe(200);
    await waitForEqual(() => salable(box), 3, 'the kit salable as 7 mugs ÷ 2', 30_000);

    // A box and tea on their own, in one request: the tea they share is checked against the sum.
    const check = await sendJson('POST', reservation('/sales-channels/base/is-salable'), {
      items: [
        { sku: box, qty: 3 },
        { sku: tea, qty: 8 },
      ],
    });
    expect(check.body.items.map((line: Json) => line.isSalable)).toEqual([false, false]);
    expect(check.body.items[0].errors[0].message).toBe(`Component ${tea}: Only 10 of 11 available`);

    const orderId = `kit-order-${run}`;
    const items = [{ sku: box, qty: 2 }];
    await kafka.publish(
      createEvent(
        'OrderPlaced',
        { orderId, salesChannel: 'base', items, placedAt: new Date().toISOString() },
        { source: 'order-system' },
      ),
      orderId,
    );
    const fulfillment = (path: string) => `${system.url('fulfillment')}${path}`;
    const order = async () => (await getJson(fulfillment(`/orders/${orderId}`))).body;
    await waitFor(async () => ((await order()).shippable ? true : undefined), {
      what: 'the kit order shippable in fulfillment',
      timeoutMs: 30_000,
    });
    const placed = await order();
    expect(placed.kits).toEqual([{ sku: box, qty: 2, components: defined.body.components }]);
    expect(placed.items.map((line: Json) => [line.sku, line.ordered]).sort()).toEqual([
      [mug, 4],
      [tea, 2],
    ]);
    expect(await salable(mug)).toBe(3);
    expect(await salable(box)).toBe(1);

    // The warehouse ships the kits by name: their components leave the source.
    const shipped = await sendJson('POST', fulfillment('/shipments'), {
      orderId,
      items: [{ sku: box, sourceCode: 'default', qty: 2 }],
    });
    expect(shipped.status).toBe(201);
    expect(shipped.body.items.map((line: Json) => [line.sku, line.qty]).sort()).toEqual([
      [mug, 4],
      [tea, 2],
    ]);
    await waitForEqual(async () => (await item(mug)).quantity, 3, 'the mugs deducted at the source', 30_000);

    // One box comes back: the credit memo names the kit, its components go back to the shelf.
    const refunded = await sendJson('POST', fulfillment('/credit-memos'), {
      orderId,
      items: [{ sku: box, qty: 1, returnToStock: true }],
    });
    expect(refunded.status).toBe(201);
    expect(refunded.body.items.map((line: Json) => [line.sku, line.qty]).sort()).toEqual([
      [mug, 2],
      [tea, 1],
    ]);
    await waitForEqual(
      async () => (await item(mug)).quantity,
      5,
      'the returned mugs back at the source',
      30_000,
    );

    // One mug breaks: the last box cannot be made any more, though tea is plentiful.
    await stock(mug, 1);
    expect(await salable(box)).toBe(0);
    const status = (await getJson(reservation(`/sales-channels/base/skus/${box}/stock-status`))).body;
    expect(status).toMatchObject({ isSalable: false, message: 'Out of stock', salableQty: 0 });
  });

  it("turns a Smartstore product's buy button off below its Minimum Stock Quantity, keeping it visible", async () => {
    const sku = `SMS-${run}`;
    await stock(sku, 6);
    const settings = await sendJson('PUT', catalog(`/products/${sku}/settings`), {
      lowStockActivity: 'disable_buy_button',
      lowStockActivityQty: 5,
    });
    expect(settings.status).toBe(200);
    const status = async () =>
      (await getJson(reservation(`/sales-channels/base/skus/${sku}/stock-status`))).body;
    await waitFor(async () => ((await status()).lowStockActivityQty === 5 ? true : undefined), {
      what: 'the setting reached the reservation service',
      timeoutMs: 30_000,
    });
    expect(await status()).toMatchObject({
      isSalable: true,
      buyButtonEnabled: true,
      lowStockActivityCode: null,
    });

    await stock(sku, 4);
    expect(await status()).toMatchObject({
      salableQty: 4,
      isSalable: true,
      visible: true,
      buyButtonEnabled: false,
      lowStockActivityCode: 'low_stock_activity-buy_button_disabled',
    });
    const check = await sendJson('POST', reservation('/sales-channels/base/is-salable'), {
      items: [{ sku, qty: 1 }],
    });
    expect(check.status).toBe(200);
    expect(check.body.items[0]).toMatchObject({ isSalable: false });
    expect(check.body.items[0].errors.at(-1).code).toBe('low_stock_activity-buy_button_disabled');

    // Unpublish instead: hidden as well.
    await sendJson('PUT', catalog(`/products/${sku}/settings`), { lowStockActivity: 'unpublish' });
    await waitFor(async () => ((await status()).visible === false ? true : undefined), {
      what: 'the product unpublished',
      timeoutMs: 30_000,
    });
    expect((await status()).lowStockActivityCode).toBe('low_stock_activity-unpublished');
  });
});
