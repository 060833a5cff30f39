/**
 * `npm run demo` (with `npm start` running): a short story through Kafka and the services' HTTP
 * routes, printing what happens at each step. It uses a SKU of its own, so it can run any number
 * of times without touching HDB-001.
 */
import { randomUUID } from 'node:crypto';
import { createEvent } from '@inventory/contracts';
import { KafkaTestClient, waitFor } from '@inventory/testing';
import { Json, requestJson } from './demo-http';

const url = {
  catalog: process.env.CATALOG_URL ?? 'http://127.0.0.1:3001',
  reservation: process.env.RESERVATION_URL ?? 'http://127.0.0.1:3002',
  fulfillment: process.env.FULFILLMENT_URL ?? 'http://127.0.0.1:3003',
  notification: process.env.NOTIFICATION_URL ?? 'http://127.0.0.1:3004',
  replenishment: process.env.REPLENISHMENT_URL ?? 'http://127.0.0.1:3005',
};

async function call(method: string, target: string, body?: unknown): Promise<Json> {
  const response = await requestJson(method, target, body);
  if (response.status >= 400)
    throw new Error(`${method} ${target}: ${response.status} ${response.text.slice(0, 300)}`);
  return response.body;
}

let step = 0;
const say = (text: string) => console.log(`\n${++step}. ${text}`);
const show = (label: string, value: unknown) => console.log(`   ${label}: ${JSON.stringify(value)}`);

async function main() {
  const sku = `DEMO-${Date.now().toString(36).toUpperCase()}`;
  const kafka = new KafkaTestClient();
  const salable = async () =>
    (await call('GET', `${url.reservation}/stocks/1/skus/${sku}/salable`)).salableQty;
  const quantities = async () =>
    Object.fromEntries(
      (await call('GET', `${url.catalog}/source-items?sku=${sku}`)).items.map((item: Json) => [
        item.sourceCode,
        item.quantity,
      ]),
    );
  const eventually = <T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string) =>
    waitFor(
      async () => {
        const value = await read().catch(() => undefined);
        return value !== undefined && ok(value) ? value : undefined;
      },
      { what, timeoutMs: 30_000 },
    );

  say(`${sku}: 3 units at the Default Source, 10 at warehouse-east (New York), through the catalog`);
  await call('POST', `${url.catalog}/source-items`, {
    items: [
      { sku, sourceCode: 'default', quantity: 3, status: 'in_stock' },
      { sku, sourceCode: 'warehouse-east', quantity: 10, status: 'in_stock' },
    ],
  });
  show('salable on the Default Stock', await eventually(salable, (q) => q === 13, 'salable 13'));

  const orderId = `demo-order-${randomUUID().slice(0, 8)}`;
  say(`the order system publishes OrderPlaced ${orderId} for 5 on orders.v1`);
  await kafka.publish(
    createEvent(
      'OrderPlaced',
      { orderId, salesChannel: 'base', items: [{ sku, qty: 5 }], placedAt: new Date().toISOString() },
      { source: 'demo' },
    ),
    orderId,
  );
  const order = await eventually(
    () => call('GET', `${url.fulfillment}/orders/${orderId}`),
    (o) => o.shippable,
    'the order reserved',
  );
  show('reservation', order.reservationStatus);
  // The order is reserved by now; the salable view follows from the same events a moment later.
  show('salable (drops at once)', await eventually(salable, (q) => q === 8, 'salable 8'));
  show('source quantities (unchanged until shipped)', await quantities());

  say('source selection: by priority, then by distance from a Manhattan postcode');
  const byPriority = await call('POST', `${url.fulfillment}/orders/${orderId}/source-selection`, {
    algorithm: 'priority',
  });
  show('priority recommends', byPriority.shipment);
  const byDistance = await call('POST', `${url.fulfillment}/orders/${orderId}/source-selection`, {
    algorithm: 'distance',
    shippingAddress: { country: 'US', postcode: '10001' },
  });
  show('distance recommends', byDistance.shipment);

  say('ship what priority recommends: the catalog deducts, the reservation is given back in the same step');
  await call('POST', `${url.fulfillment}/shipments`, { orderId, items: byPriority.shipment });
  show(
    'source quantities',
    await eventually(quantities, (q) => q.default === 0 && q['warehouse-east'] === 8, 'the deduction'),
  );
  show('salable (unchanged by shipping)', await eventually(salable, (q) => q === 8, 'salable still 8'));

  say('notify below 10 for this SKU: both sources are now below it');
  await call('PUT', `${url.catalog}/products/${sku}/settings`, { notifyStockQty: 10 });
  // The Default Source (at 0) was already low under the default threshold of 1: wait for the new
  // threshold itself, on both sources, or the report shown would be the one from before the change.
  const report = await eventually(
    () => call('GET', `${url.notification}/reports/low-stock?skuPrefix=${sku}`),
    (r) => r.total === 2 && r.items.every((item: Json) => item.notifyStockQty === 10),
    'the low-stock report under the new threshold',
  );
  show('low-stock report', report.items);

  say('a credit memo refunds 1 and returns it to stock');
  const memo = await call('POST', `${url.fulfillment}/credit-memos`, {
    orderId,
    items: [{ sku, qty: 1, returnToStock: true }],
  });
  show('credit memo lines', memo.items);
  show(
    'source quantities',
    await eventually(quantities, (q) => q.default + q['warehouse-east'] === 9, 'the return'),
  );
  show('order lines', (await call('GET', `${url.fulfillment}/orders/${orderId}`)).items);

  say('buy more: a purchase order of 20 from a supplier, received at warehouse-east');
  const eastBefore = (await quantities())['warehouse-east'];
  await call('PUT', `${url.replenishment}/suppliers/demo-supplier`, {
    name: 'Demo Supplier',
    leadTimeDays: 5,
  });
  const purchaseOrderId = `demo-po-${randomUUID().slice(0, 8)}`;
  const placed = await call('POST', `${url.replenishment}/purchase-orders`, {
    purchaseOrderId,
    supplierCode: 'demo-supplier',
    sourceCode: 'warehouse-east',
    expectedAt: new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10),
    lines: [{ sku, qty: 20 }],
  });
  show('purchase order', { purchaseOrderId, status: placed.status, expectedAt: placed.expectedAt });
  const incoming = await eventually(
    () => call('GET', `${url.replenishment}/incoming?sku=${sku}`),
    (list) => list.items.length === 1,
    'the purchase order incoming',
  );
  show('incoming', incoming.items);
  const received = await call('POST', `${url.replenishment}/purchase-orders/${purchaseOrderId}/receipts`, {
    receiptId: 'demo-receipt-1',
    lines: [{ sku, qty: 20 }],
  });
  show('purchase order', received.status);
  show(
    'source quantities',
    await eventually(quantities, (q) => q['warehouse-east'] === eastBefore + 20, 'the goods received'),
  );

  await kafka.close();
  console.log('\nThe end. Every step above went through Kafka between the services.');
}

main().catch((error: Error) => {
  console.error(`[demo] ${error.message}\n(is the system running? npm start)`);
  process.exit(1);
});
