import { randomUUID } from 'node:crypto';
import { createEvent } from '@inventory/contracts';
import { InProcessApp } from '@inventory/testing';
import { KafkaEventServer } from '@inventory/messaging';
import { startFulfillmentApp } from '../testing/fulfillment-app';
import { readOrder, readOrderLines } from './order-store';
import { toOrderView } from './order-view';

jest.setTimeout(60_000);

const kits = [
  {
    sku: 'GIFT-BOX',
    components: [
      { sku: 'MUG', qty: 2 },
      { sku: 'TEA', qty: 1 },
    ],
  },
  { sku: 'TEA-DUO', components: [{ sku: 'TEA', qty: 2 }] },
];
const items = [
  { sku: 'GIFT-BOX', qty: 3 },
  { sku: 'TEA-DUO', qty: 1 },
  { sku: 'TEA', qty: 1 },
];

describe('kit lines ship as their components', () => {
  let fulfillment: InProcessApp;
  let handle: (event: ReturnType<typeof createEvent>) => Promise<void>;

  beforeAll(async () => {
    fulfillment = await startFulfillmentApp('inventory_fulfillment_kits_it');
    const handler = fulfillment.app.get(KafkaEventServer).subscription('fulfillment');
    const position = { topic: 'orders.v1', partition: 0, offset: '0', key: null };
    handle = (event) => handler.handle(event, position);
  });

  afterAll(async () => {
    await fulfillment?.close();
  });

  const placed = (orderId: string) =>
    createEvent(
      'OrderPlaced',
      { orderId, salesChannel: 'base', items, placedAt: new Date().toISOString() },
      { source: 'order-system' },
    );
  const reserved = (orderId: string) =>
    createEvent('OrderReservationPlaced', { orderId, stockId: 1, items, kits }, { source: 'reservation' });
  const canceled = (orderId: string, sku: string, qty: number) =>
    createEvent('OrderCanceled', { orderId, items: [{ sku, qty }] }, { source: 'order-system' });

  const linesOf = async (orderId: string) =>
    Object.fromEntries(
      [...(await readOrderLines(fulfillment.dataSource.manager, orderId))].map(([sku, line]) => [
        sku,
        { ordered: line.ordered, canceled: line.canceled },
      ]),
    );

  it.each([
    ['the order first', (orderId: string) => [placed(orderId), reserved(orderId)]],
    ['the reservation first', (orderId: string) => [reserved(orderId), placed(orderId)]],
  ])('replaces the kit lines by their components, %s', async (_, events) => {
    const orderId = `it-${randomUUID()}`;
    for (const event of events(orderId)) await handle(event);
    expect(await linesOf(orderId)).toEqual({
      MUG: { ordered: 6, canceled: 0 },
      TEA: { ordered: 6, canceled: 0 },
    });
    const tx = fulfillment.dataSource.manager;
    const view = toOrderView((await readOrder(tx, orderId))!, [
      ...(await readOrderLines(tx, orderId)).values(),
    ]);
    expect(view.kits).toEqual([
      { sku: 'GIFT-BOX', qty: 3, components: kits[0].components },
      { sku: 'TEA-DUO', qty: 1, components: kits[1].components },
    ]);
  });

  it('cancels a kit line as its components, before the reservation or after it', async () => {
    const orderId = `it-${randomUUID()}`;
    await handle(placed(orderId));
    await handle(canceled(orderId, 'GIFT-BOX', 1)); // counted on the kit line, carried over
    await handle(reserved(orderId));
    await handle(canceled(orderId, 'TEA-DUO', 1)); // by the recipe the reservation recorded
    expect(await linesOf(orderId)).toEqual({
      MUG: { ordered: 6, canceled: 2 },
      TEA: { ordered: 6, canceled: 3 },
    });
  });
});
