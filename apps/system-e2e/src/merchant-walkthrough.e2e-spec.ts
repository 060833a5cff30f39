import { randomUUID } from 'node:crypto';
import { KafkaTestClient, SmtpSink, waitFor, waitForEqual } from '@inventory/testing';
import { createEvent } from '@inventory/contracts';
import { orderPlaced } from './fixtures';
import { Json, getJson, sendJson } from './http';
import { RunningSystem } from './system';

jest.setTimeout(240_000);

/** Beside `npm start`'s sink (1025) and the notification integration test's (1125). */
const SMTP_PORT = 1126;
const OPS = 'ops@example.com';

/**
 * A merchant's day (stock, orders, low stock, a digest email, "Only X left" with a negative
 * threshold), walked through Kafka and HTTP only against the four running services, with every
 * service restarted in the middle of the story.
 */
describe("the merchant's walkthrough", () => {
  const sink = new SmtpSink(SMTP_PORT);
  const system = new RunningSystem(undefined, {
    SMTP_PORT: String(SMTP_PORT),
    LOW_STOCK_EMAIL_TO: OPS,
    LOW_STOCK_DIGEST_CRON: '* * * * * *',
    MAIL_RETRY_BASE_MS: '200',
    MAIL_POLL_MS: '200',
  });
  const kafka = new KafkaTestClient();
  const run = system.runId;
  const sku = `HDB-001-${run}`;
  const url = (service: Parameters<RunningSystem['url']>[0], path: string) => `${system.url(service)}${path}`;

  const sourceQty = async (of = sku) =>
    (await getJson(url('catalog-inventory', `/source-items?sku=${of}`))).body.items[0]?.quantity;
  const salable = async (of = sku) =>
    (await getJson(url('reservation', `/stocks/1/skus/${of}/salable`))).body;
  const stockStatus = async (of = sku) =>
    (await getJson(url('reservation', `/sales-channels/base/skus/${of}/stock-status`))).body;
  const setQuantity = async (quantity: number, of = sku) => {
    const response = await sendJson('POST', url('catalog-inventory', '/source-items'), {
      items: [
        { sku: of, sourceCode: 'default', quantity, status: quantity > 0 ? 'in_stock' : 'out_of_stock' },
      ],
    });
    expect(response.status).toBe(200);
  };
  const productSettings = async (settings: object, of = sku) => {
    const response = await sendJson('PUT', url('catalog-inventory', `/products/${of}/settings`), settings);
    expect(response.status).toBe(200);
  };
  const placeOrder = async (qty: number, of = sku) => {
    const orderId = `order-${randomUUID()}`;
    await kafka.publish(orderPlaced(orderId, of, qty), orderId);
    await waitFor(
      async () =>
        (await getJson(url('fulfillment', `/orders/${orderId}`))).body.shippable ? true : undefined,
      {
        what: `order ${orderId} reserved and shippable`,
      },
    );
    return orderId;
  };
  const isSalable = async (qty: number) =>
    (await sendJson('POST', url('reservation', '/sales-channels/base/is-salable'), { items: [{ sku, qty }] }))
      .body.items[0];

  beforeAll(async () => {
    await sink.start();
    await system.start();
  });

  afterAll(async () => {
    await kafka.close();
    await system.stop();
    await sink.stop();
  });

  let firstOrder: string;

  it('1. 150 at the Default Source; an order for 2 → salable 148 at once, source 150; shipped → source 148, salable 148', async () => {
    await setQuantity(150);
    await waitForEqual(async () => (await salable()).salableQty, 150, 'salable 150', 30_000);
    firstOrder = await placeOrder(2);
    expect((await salable()).salableQty).toBe(148);
    expect(await sourceQty()).toBe(150);

    const selection = await sendJson('POST', url('fulfillment', `/orders/${firstOrder}/source-selection`), {
      algorithm: 'priority',
    });
    expect(selection.body.shipment).toEqual([{ sku, sourceCode: 'default', qty: 2 }]);
    const shipped = await sendJson('POST', url('fulfillment', '/shipments'), {
      orderId: firstOrder,
      items: selection.body.shipment,
    });
    expect(shipped.status).toBe(201);
    await waitForEqual(sourceQty, 148, 'source 148 after the shipment', 30_000);
    await waitForEqual(
      async () => (await salable()).salableQty,
      148,
      'salable 148 after the shipment',
      30_000,
    );
  });

  it('2. notify below 10: source 12 → 9 puts it in the low-stock report and sends the low-stock email', async () => {
    await productSettings({ notifyStockQty: 10 });
    await setQuantity(12);
    await setQuantity(9);
    const report = await waitFor(
      async () => {
        const { body } = await getJson(url('notification', `/reports/low-stock?skuPrefix=${sku}`));
        return body.total === 1 ? body : undefined;
      },
      { what: `${sku} in the low-stock report` },
    );
    expect(report.items[0]).toMatchObject({ sku, sourceCode: 'default', quantity: 9, notifyStockQty: 10 });
    const digest = await waitFor(
      async () => sink.to(OPS).find((mail) => mail.text.includes(`- ${sku} at default: 9 (notify below 10)`)),
      { what: 'the low-stock email at the SMTP server' },
    );
    expect(digest.subject).toMatch(/^Low stock: \d+ source items? below their notify quantity$/);
  });

  it('3. backorders allow_notify at quantity 0: 3 are salable with the notice; with none: "Not enough items for sale"', async () => {
    // Step 1's order still holds nothing (shipped); quantity 0, threshold 0.
    await setQuantity(0);
    await waitForEqual(async () => (await salable()).salableQty, 0, 'salable 0', 30_000);
    await productSettings({ backorders: 'allow_notify', minQty: 0 });
    const line = await waitFor(
      async () => {
        const result = await isSalable(3);
        return result.backorderQty > 0 ? result : undefined;
      },
      { what: 'the backorder allowed' },
    );
    expect(line).toMatchObject({
      isSalable: true,
      backorderQty: 3,
      notice: "We don't have as many as you requested, so we'll backorder the remaining items",
    });
    await productSettings({ backorders: 'none' });
    const refused = await waitFor(
      async () => {
        const result = await isSalable(3);
        return result.isSalable ? undefined : result;
      },
      { what: 'the backorder refused' },
    );
    expect(refused.errors).toEqual([
      { code: 'is_salable_with_reservations-not_enough_qty', message: 'Not enough items for sale' },
    ]);
  });

  it('4. back in stock: a subscriber on the out-of-stock SKU gets one email when quantity returns', async () => {
    await productSettings({ allowBackInStockSubscriptions: true });
    const subscriber = `ada-${run}@example.com`;
    const subscribed = await waitFor(
      async () => {
        const response = await sendJson('POST', url('notification', '/stock-alert-subscriptions'), {
          email: subscriber,
          sku,
          salesChannel: 'base',
        });
        return response.status === 201 ? response : undefined;
      },
      { what: 'the subscription (the SKU known as out of stock, subscriptions allowed)' },
    );
    expect(subscribed.body.status).toBe('active');
    await setQuantity(20);
    const [mail] = await waitFor(async () => (sink.to(subscriber).length ? sink.to(subscriber) : undefined), {
      what: 'the back-in-stock email',
    });
    expect(mail.subject).toBe(`${sku} is back in stock`);
    await setQuantity(25);
    await waitForEqual(sourceQty, 25, 'quantity 25', 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(sink.to(subscriber)).toHaveLength(1);
  });

  it('5. quantity 25, threshold −50, Only X left 5 → salable 75; 70 sold → "Only 5 left"; 5 more → out of stock', async () => {
    const example = `SEED001-${run}`;
    await productSettings({ backorders: 'allow', minQty: -50, stockThresholdQty: 5 }, example);
    await setQuantity(25, example);
    await waitForEqual(async () => (await salable(example)).salableQty, 75, 'salable 75', 30_000);
    await placeOrder(70, example);
    await waitForEqual(
      async () => (await stockStatus(example)).message,
      'Only 5 left',
      '"Only 5 left"',
      30_000,
    );
    await placeOrder(5, example);
    await waitForEqual(async () => (await stockStatus(example)).isSalable, false, 'out of stock', 30_000);
    expect((await salable(example)).salableQty).toBe(0);
  });

  it('6. a credit memo with return to stock puts the source quantity back up', async () => {
    const before = await sourceQty();
    const salableBefore = (await salable()).salableQty as number;
    const memo = await sendJson('POST', url('fulfillment', '/credit-memos'), {
      orderId: firstOrder,
      items: [{ sku, qty: 1, returnToStock: true }],
    });
    expect(memo).toMatchObject({
      status: 201,
      body: { items: [{ sku, qty: 1, returnToStock: true, sourceCode: 'default' }] },
    });
    await waitForEqual(sourceQty, before + 1, 'the returned unit on the source', 30_000);
    // And salable again: step 7 starts from the salable quantity, which follows the source later.
    await waitForEqual(
      async () => (await salable()).salableQty,
      salableBefore + 1,
      'the returned unit salable',
      30_000,
    );
  });

  it('7. every service restarted mid-story: nothing lost, nothing applied twice', async () => {
    const salableBefore = (await salable()).salableQty as number;
    const sourceBefore = (await sourceQty()) as number;
    // An order goes in while the services are down; Kafka keeps it.
    for (const service of Object.values(system.services)) await service.stop();
    const orderId = `order-${randomUUID()}`;
    await kafka.publish(orderPlaced(orderId, sku, 4), orderId);
    await kafka.publish(
      createEvent('OrderCanceled', { orderId, items: [{ sku, qty: 1 }] }, { source: 'order-system' }),
      orderId,
    );
    await system.start();

    await waitForEqual(
      async () => (await salable()).salableQty,
      salableBefore - 3,
      'the order reserved and partly canceled',
      30_000,
    ).catch((error: Error) => {
      throw new Error(
        `${error.message}\n--- reservation output ---\n${system.services.reservation.logs().slice(-4000)}`,
      );
    });
    const order: Json = await waitFor(
      async () => {
        const { body } = await getJson(url('fulfillment', `/orders/${orderId}`));
        // The order's events and the reservation's outcome come on two topics, each in its own time.
        return body.items?.[0]?.canceled === 1 && body.reservationStatus === 'reserved' ? body : undefined;
      },
      { what: 'fulfillment saw both events and the reservation' },
    );
    expect(order.items[0]).toMatchObject({ ordered: 4, canceled: 1, toShip: 3 });
    const shipped = await sendJson('POST', url('fulfillment', '/shipments'), {
      orderId,
      items: [{ sku, sourceCode: 'default', qty: 3 }],
    });
    expect(shipped.status).toBe(201);
    await waitForEqual(sourceQty, sourceBefore - 3, 'the shipment deducted once', 30_000);
    await waitForEqual(
      async () => (await salable()).salableQty,
      salableBefore - 3,
      'salable unchanged by the shipment',
      30_000,
    );
    // Restarting again replays nothing: the numbers stay.
    for (const service of Object.values(system.services)) await service.stop();
    await system.start();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await sourceQty()).toBe(sourceBefore - 3);
    expect((await salable()).salableQty).toBe(salableBefore - 3);
    expect((await getJson(url('fulfillment', `/orders/${orderId}`))).body.items[0]).toMatchObject({
      ordered: 4,
      shipped: 3,
      canceled: 1,
      reserved: 0,
    });
  });
});
