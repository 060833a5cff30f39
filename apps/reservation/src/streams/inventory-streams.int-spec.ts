import { randomUUID } from 'node:crypto';
import { DuplicateEventIdError, PostgresEventStore, createEventStoreSchema } from '@inventory/event-store';
import { freshDatabase } from '@inventory/testing';
import { Pool } from 'pg';
import { initialSkuState } from '../sku-state/sku-state';
import { Cause, InventoryStreams, Reads, skuIn } from './inventory-streams';
import { NOTHING, Outcome } from './outcome';
import { SkuEvent, orderRef, skuStream } from './stream-events';
import { recordQuantity } from '../testing/recorded-quantity';

jest.setTimeout(60_000);

/**
 * The reservation service's streams on the real PostgreSQL event store: a cause recorded twice is
 * recorded once, and two instances deciding on one SKU at once each decide on the latest state.
 */
describe('InventoryStreams (real PostgreSQL event store)', () => {
  let pool: Pool;
  let store: PostgresEventStore;
  // Two service instances: separate caches, one store.
  let first: InventoryStreams;
  let second: InventoryStreams;

  const cause = (): Cause => ({ eventId: randomUUID(), correlationId: randomUUID() });
  const stocked = (sku: string, quantity: number) => recordQuantity(store, sku, quantity);
  /** One unit of stock 1 for `orderId` while the SKU has one left (its quantity plus what is reserved). */
  const reserveOne =
    (sku: string, orderId: string) =>
    (reads: Reads): Outcome => {
      const state = skuIn(reads, sku);
      const left = (state.sources.default?.quantity ?? 0) + (state.reserved[1] ?? 0);
      if (left < 1) return NOTHING;
      const reserved: SkuEvent = {
        type: 'StockReserved',
        data: { ref: orderRef(orderId), stockId: 1, qty: 1 },
      };
      return { skus: new Map([[sku, [reserved]]]) };
    };
  /** One unit of `orderId`'s reservation given back by `first`, appended without reading the SKU. */
  const compensateWithoutReading = (sku: string, orderId: string) => {
    const compensated: SkuEvent = {
      type: 'ReservationCompensated',
      data: { ref: orderRef(orderId), stockId: 1, qty: 1, reason: 'order_canceled' },
    };
    return first.execute(
      cause(),
      async () => ({ skus: new Map() }),
      () => ({
        skus: new Map([[sku, [compensated]]]),
      }),
    );
  };
  const typesIn = async (sku: string) => (await store.readStream(skuStream(sku))).map((event) => event.type);

  beforeAll(async () => {
    pool = new Pool({ connectionString: await freshDatabase('inventory_reservation_streams_it'), max: 8 });
    await createEventStoreSchema(pool);
    store = new PostgresEventStore(pool);
    first = new InventoryStreams(store);
    second = new InventoryStreams(store);
  });

  afterAll(async () => {
    await store?.close();
    await pool?.end();
  });

  it('records a cause delivered twice once: the second time it records nothing', async () => {
    const sku = `TWICE-${randomUUID().slice(0, 8)}`;
    await stocked(sku, 5);
    const order = cause();
    const decide = reserveOne(sku, 'o-1');
    const read = async () => ({ skus: await first.skus([sku]) });

    const once = await first.execute(order, read, decide);
    const again = await second.execute(order, async () => ({ skus: await second.skus([sku]) }), decide);

    expect(once.skus.get(sku)).toHaveLength(1);
    expect(again).toBe(NOTHING);
    expect(await typesIn(sku)).toEqual(['SourceItemsRecorded', 'StockReserved']);
    // Both instances fold the same state from the stream: one unit reserved.
    for (const streams of [first, second])
      expect((await streams.skus([sku])).get(sku)?.state.reserved).toEqual({ 1: -1 });
  });

  it('two instances deciding on one SKU at once each decide on the latest state: never more than there is', async () => {
    const sku = `RACE-${randomUUID().slice(0, 8)}`;
    await stocked(sku, 10);
    const attempts = Array.from({ length: 30 }, (_, index) => {
      const streams = index % 2 ? first : second;
      return streams.execute(
        cause(),
        async () => ({ skus: await streams.skus([sku]) }),
        reserveOne(sku, `o-${index}`),
      );
    });
    const outcomes = await Promise.all(attempts);

    expect(outcomes.filter((outcome) => outcome !== NOTHING)).toHaveLength(10);
    const types = await typesIn(sku);
    expect(types.filter((type) => type === 'StockReserved')).toHaveLength(10);
    expect((await first.skus([sku])).get(sku)?.state.reserved).toEqual({ 1: -10 });
  });

  it('a batch of which one cause was recorded before is refused whole, then recorded cause by cause once', async () => {
    const sku = `BATCH-${randomUUID().slice(0, 8)}`;
    await stocked(sku, 5);
    const [early, late] = [cause(), cause()];
    const read = async () => ({ skus: await first.skus([sku]) });
    await first.execute(early, read, reserveOne(sku, 'o-early'));

    const batch = first.executeAll(read, (reads) => [
      { cause: early, outcome: reserveOne(sku, 'o-early')(reads) },
      { cause: late, outcome: reserveOne(sku, 'o-late')(reads) },
    ]);
    await expect(batch).rejects.toBeInstanceOf(DuplicateEventIdError);
    expect(await typesIn(sku)).toEqual(['SourceItemsRecorded', 'StockReserved']);

    expect(await first.execute(early, read, reserveOne(sku, 'o-early'))).toBe(NOTHING);
    expect(await first.execute(late, read, reserveOne(sku, 'o-late'))).not.toBe(NOTHING);
    expect(await typesIn(sku)).toEqual(['SourceItemsRecorded', 'StockReserved', 'StockReserved']);
    expect((await second.skus([sku])).get(sku)?.state ?? initialSkuState(sku)).toMatchObject({
      reserved: { 1: -2 },
    });
  });

  it('a decision that read the configuration is recorded as decided, and the SKU stays cached at its new revision', async () => {
    const sku = `CONFIGURED-${randomUUID().slice(0, 8)}`;
    await stocked(sku, 5);
    const read = async () => ({ configuration: await first.configuration(), skus: await first.skus([sku]) });
    await first.skus([sku]);
    const reads = jest.spyOn(store, 'readStreams');

    // The configuration stream only guards this append (no events of its own): the decision is
    // still recorded now, not taken for a redelivery.
    const outcome = await first.execute(cause(), read, reserveOne(sku, 'o-configured'));
    expect(outcome.skus.get(sku)).toHaveLength(1);

    // The next read of the SKU starts after what this instance appended, not from the start.
    reads.mockClear();
    expect((await first.skus([sku])).get(sku)?.state.reserved).toEqual({ 1: -1 });
    expect(reads).toHaveBeenCalledWith([{ streamId: skuStream(sku), from: 2 }]);
    reads.mockRestore();
  });

  it('a storefront read within its age uses what the instance knows: its own appends at once, another instance’s once the age has passed', async () => {
    const sku = `RECENT-${randomUUID().slice(0, 8)}`;
    await stocked(sku, 5);
    const readBy = (streams: InventoryStreams) => async () => ({ skus: await streams.skus([sku]) });
    const reservedBy = async (streams: InventoryStreams, maxAgeMs: number) =>
      (await streams.skus([sku], maxAgeMs)).get(sku)?.state.reserved;
    await first.skus([sku]);
    const reads = jest.spyOn(store, 'readStreams');

    // Another instance reserves: within the age, the first still answers what it knew, no query.
    await second.execute(cause(), readBy(second), reserveOne(sku, 'o-elsewhere'));
    reads.mockClear();
    expect(await reservedBy(first, 60_000)).toEqual({});
    expect(reads).not.toHaveBeenCalled();
    // Past its age (0: a decision's read) it reads the stream.
    expect(await reservedBy(first, 0)).toEqual({ 1: -1 });

    // Its own append it knows at once, without a query.
    await first.execute(cause(), readBy(first), reserveOne(sku, 'o-here'));
    reads.mockClear();
    expect(await reservedBy(first, 60_000)).toEqual({ 1: -2 });
    expect(reads).not.toHaveBeenCalled();

    // A compensation appended without reading the SKU: the next storefront read reads the stream.
    await compensateWithoutReading(sku, 'o-here');
    expect(await reservedBy(first, 60_000)).toEqual({ 1: -1 });
    expect(reads).toHaveBeenCalledWith([{ streamId: skuStream(sku), from: 3 }]);
    reads.mockRestore();
  });

  it('a read that began before the instance learnt the stream moved is not taken for a recent one', async () => {
    const sku = `RACED-${randomUUID().slice(0, 8)}`;
    await stocked(sku, 5);
    await first.execute(cause(), async () => ({ skus: await first.skus([sku]) }), reserveOne(sku, 'o-raced'));
    // A read that has its answer (one unit reserved) but returns it only after a compensation
    // this instance appends without reading the SKU.
    const original = store.readStreams.bind(store);
    let answered!: () => void;
    const hasAnswered = new Promise<void>((resolve) => (answered = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const slow = jest.spyOn(store, 'readStreams').mockImplementationOnce(async (reads) => {
      const events = await original(reads);
      answered();
      await released;
      return events;
    });
    const before = first.skus([sku], 0);
    await hasAnswered;
    await compensateWithoutReading(sku, 'o-raced');
    release();
    expect((await before).get(sku)?.state.reserved).toEqual({ 1: -1 });

    // What that read found predates the compensation: a storefront read asks the store again.
    expect((await first.skus([sku], 60_000)).get(sku)?.state.reserved).toEqual({ 1: 0 });
    slow.mockRestore();
  });
});
