import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { createEvent } from '@inventory/contracts';
import { LineUnits, toShip } from '@inventory/order-lines';
import { InProcessApp } from '@inventory/testing';
import { startFulfillmentApp } from '../testing/fulfillment-app';
import { KafkaEventServer } from '@inventory/messaging';
import { readOrderLines } from './order-store';

jest.setTimeout(60_000);

describe('order lines in PostgreSQL', () => {
  let fulfillment: InProcessApp;

  beforeAll(async () => {
    fulfillment = await startFulfillmentApp('inventory_fulfillment_orders_it');
  });

  afterAll(async () => {
    await fulfillment?.close();
  });

  it("keeps to_ship, which lists filter on, equal to the order-lines lib's toShip", async () => {
    const quarter = fc.integer({ min: 0, max: 400 }).map((n) => n / 4);
    const lines = fc.array(
      fc.record({
        ordered: quarter,
        shipped: quarter,
        canceled: quarter,
        refundedShipped: quarter,
        refundedUnshipped: quarter,
      }),
      { minLength: 1, maxLength: 200 },
    );
    await fc.assert(
      fc.asyncProperty(lines, async (units: LineUnits[]) => {
        const orderId = `it-${randomUUID()}`;
        await fulfillment.dataSource.query(
          `INSERT INTO order_lines (order_id, sku, ordered, shipped, canceled, refunded, refunded_unshipped)
           SELECT $1, 'SKU-' || ordinality, o, s, c, rs + ru, ru
             FROM unnest($2::numeric[], $3::numeric[], $4::numeric[], $5::numeric[], $6::numeric[])
                  WITH ORDINALITY AS l(o, s, c, rs, ru)`,
          [
            orderId,
            ...(['ordered', 'shipped', 'canceled', 'refundedShipped', 'refundedUnshipped'] as const).map(
              (key) => units.map((line) => line[key]),
            ),
          ],
        );
        const rows: { sku: string; to_ship: string }[] = await fulfillment.dataSource.query(
          `SELECT sku, to_ship FROM order_lines WHERE order_id = $1`,
          [orderId],
        );
        const read = await readOrderLines(fulfillment.dataSource.manager, orderId);
        for (const row of rows) {
          const line = read.get(row.sku)!;
          expect(Number(row.to_ship)).toBe(toShip(line));
          expect(line).toMatchObject(units[Number(row.sku.slice(4)) - 1]);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('counts an OrderPlaced sent again with a new eventId once: the order id is the order', async () => {
    // The 'fulfillment' group as its consumer runs it (KafkaEventServer: @EventPattern handlers).
    const handler = fulfillment.app.get(KafkaEventServer).subscription('fulfillment');
    const orderId = `it-${randomUUID()}`;
    const placed = () =>
      createEvent(
        'OrderPlaced',
        {
          orderId,
          salesChannel: 'base',
          items: [
            { sku: 'A', qty: 2 },
            { sku: 'A', qty: 1 },
          ],
          placedAt: new Date().toISOString(),
        },
        { source: 'order-system' },
      );
    const position = { topic: 'orders.v1', partition: 0, offset: '0', key: null };
    await handler.handle(placed(), position);
    await handler.handle(placed(), position);
    const lines = await readOrderLines(fulfillment.dataSource.manager, orderId);
    expect(lines.get('A')?.ordered).toBe(3);
  });

  it('applies a fetched batch as the same events one by one would, whatever their mix of orders', async () => {
    // The 'fulfillment' group as its consumer runs it (KafkaEventServer: @EventPattern handlers).
    const handler = fulfillment.app.get(KafkaEventServer).subscription('fulfillment');
    const [first, second] = [`it-${randomUUID()}`, `it-${randomUUID()}`];
    const placed = (orderId: string, qty: number) =>
      createEvent(
        'OrderPlaced',
        { orderId, salesChannel: 'base', items: [{ sku: 'B', qty }], placedAt: new Date().toISOString() },
        { source: 'order-system' },
      );
    const cancel = (orderId: string, qty: number) =>
      createEvent('OrderCanceled', { orderId, items: [{ sku: 'B', qty }] }, { source: 'order-system' });
    const secondPlaced = placed(second, 5);
    const batch = [
      placed(second, 5),
      placed(first, 4),
      cancel(second, 2), // after its OrderPlaced, though the batch sorts by order id
      cancel(first, 1),
      secondPlaced,
      secondPlaced, // delivered twice in one batch
    ];
    const position = { topic: 'orders.v1', partition: 0, offset: '0', key: null };
    await handler.handleBatch!(batch.map((event) => ({ event, position })));
    await handler.handleBatch!(batch.map((event) => ({ event, position }))); // redelivered
    const lines = async (orderId: string) =>
      (await readOrderLines(fulfillment.dataSource.manager, orderId)).get('B');
    expect(await lines(first)).toMatchObject({ ordered: 4, canceled: 1 });
    expect(await lines(second)).toMatchObject({ ordered: 5, canceled: 2 });
  });
});
