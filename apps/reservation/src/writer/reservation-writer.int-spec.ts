import { randomUUID } from 'node:crypto';
import { createEvent } from '@inventory/contracts';
import { PostgresEventStore, createEventStoreSchema } from '@inventory/event-store';
import { freshDatabase } from '@inventory/testing';
import { Pool } from 'pg';
import { HoldRefused } from '../holds/hold-state';
import { InventoryStreams } from '../streams/inventory-streams';
import { CONFIGURATION_STREAM, orderStream, skuStream } from '../streams/stream-events';
import { ReservationWriter } from './reservation-writer';
import { recordQuantity } from '../testing/recorded-quantity';

jest.setTimeout(60_000);

/**
 * The instance's one writer on the real PostgreSQL event store: orders and cart holds racing for a
 * SKU are decided together in few appends, never beyond the stock, on one instance or two.
 */
describe('ReservationWriter (real PostgreSQL event store)', () => {
  let pool: Pool;
  let store: PostgresEventStore;

  const expiresAt = new Date(Date.now() + 600_000);
  const hold = (writer: ReservationWriter, sku: string) =>
    writer.placeHold({ holdId: randomUUID(), salesChannel: 'base', items: [{ sku, qty: 1 }], expiresAt });
  const orderPlaced = (sku: string, orderId = randomUUID()) =>
    createEvent(
      'OrderPlaced',
      { orderId, salesChannel: 'base', items: [{ sku, qty: 1 }], placedAt: new Date().toISOString() },
      { source: 'test' },
    );
  const stocked = (sku: string, quantity: number) => recordQuantity(store, sku, quantity);
  const reservedIn = async (sku: string) =>
    (await store.readStream(skuStream(sku))).filter((event) => event.type === 'StockReserved').length;
  const outcomes = (results: PromiseSettledResult<void>[]) => ({
    placed: results.filter((result) => result.status === 'fulfilled').length,
    refused: results.filter((result) => result.status === 'rejected' && result.reason instanceof HoldRefused)
      .length,
  });

  beforeAll(async () => {
    pool = new Pool({ connectionString: await freshDatabase('inventory_reservation_writer_it'), max: 8 });
    await createEventStoreSchema(pool);
    store = new PostgresEventStore(pool);
    // Stock 1 with the default source, sold on the channel "base".
    await store.appendToStream(
      CONFIGURATION_STREAM,
      [
        { eventId: randomUUID(), type: 'SourceRecorded', data: { code: 'default', enabled: true } },
        {
          eventId: randomUUID(),
          type: 'StockRecorded',
          data: { stockId: 1, sourceCodes: ['default'], salesChannels: ['base'] },
        },
      ],
      { expectedRevision: 'any' },
    );
  });

  afterAll(async () => {
    await store?.close();
    await pool?.end();
  });

  it('decides orders and holds racing for one SKU together, in few appends, never beyond the stock', async () => {
    const sku = `MIXED-${randomUUID().slice(0, 8)}`;
    await stocked(sku, 50);
    const writer = new ReservationWriter(new InventoryStreams(store));
    const appends = jest.spyOn(store, 'appendToStreams');

    const orders = Array.from({ length: 40 }, () => orderPlaced(sku));
    const [ordersDone, ...holds] = await Promise.allSettled([
      writer.reserveOrders(orders),
      ...Array.from({ length: 40 }, () => hold(writer, sku)),
    ]);

    expect(ordersDone.status).toBe('fulfilled');
    const { placed, refused } = outcomes(holds);
    expect(placed + refused).toBe(40);
    const ordersPlaced = (
      await Promise.all(orders.map((order) => store.readStream(orderStream(order.data.orderId))))
    ).filter(([outcome]) => outcome.type === 'OrderReservationPlaced').length;
    expect(ordersPlaced + placed).toBe(50);
    expect(await reservedIn(sku)).toBe(50);
    // One writer: the 80 commands went in a handful of appends, not one (or several retries) each.
    expect(appends.mock.calls.length).toBeLessThanOrEqual(5);
    appends.mockRestore();
  });

  it('a redelivered order in a batch fails nobody: the holds decided with it are placed', async () => {
    const sku = `REDELIVERED-${randomUUID().slice(0, 8)}`;
    await stocked(sku, 10);
    const writer = new ReservationWriter(new InventoryStreams(store));
    const order = orderPlaced(sku);
    await writer.reserveOrders([order]);

    const results = await Promise.allSettled([
      writer.reserveOrders([order]),
      hold(writer, sku),
      hold(writer, sku),
    ]);

    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect(await reservedIn(sku)).toBe(3);
  });

  it('two instances writing one SKU: conflicts are decided again, never beyond the stock', async () => {
    const sku = `TWO-${randomUUID().slice(0, 8)}`;
    await stocked(sku, 40);
    const writers = [0, 1].map(() => new ReservationWriter(new InventoryStreams(store)));

    const results = await Promise.allSettled(
      Array.from({ length: 60 }, (_, index) => hold(writers[index % 2], sku)),
    );

    expect(outcomes(results)).toEqual({ placed: 40, refused: 20 });
    expect(await reservedIn(sku)).toBe(40);
  });
});
