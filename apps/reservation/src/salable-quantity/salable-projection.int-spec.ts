import { randomUUID } from 'node:crypto';
import { EVENT_STORE, EventStore, RecordedEvent } from '@inventory/event-store';
import { OutboxEntry } from '@inventory/messaging';
import { InProcessApp } from '@inventory/testing';
import { orderRef, skuStream } from '../streams/stream-events';
import { startReservationApp } from '../testing/reservation-app';
import { LIVE_TABLES, ProjectionTables, SalableProjection } from './salable-projection';

jest.setTimeout(60_000);

/**
 * The salable projection's fold on real PostgreSQL, in tables of its own (the app's projector
 * keeps the live ones): the same events applied twice give the same rows and publish nothing the
 * second time; applied in one batch or event by event, the same rows.
 */
describe('SalableProjection (real PostgreSQL)', () => {
  let reservation: InProcessApp;
  let store: EventStore;
  const run = randomUUID().slice(0, 8);
  const sku = `PROJ-${run}`;

  /** A fresh set of projection tables shaped like the live ones. */
  const tables = async (name: string): Promise<ProjectionTables> => {
    const set: ProjectionTables = {
      configuration: `it_${name}_configuration`,
      skus: `it_${name}_skus`,
      salable: `it_${name}_salable`,
      holds: `it_${name}_holds`,
    };
    for (const role of Object.keys(set) as (keyof ProjectionTables)[])
      await reservation.dataSource.query(
        `CREATE TABLE ${set[role]} (LIKE ${LIVE_TABLES[role]} INCLUDING ALL)`,
      );
    return set;
  };
  const apply = (projection: SalableProjection, events: readonly RecordedEvent[]): Promise<OutboxEntry[]> =>
    reservation.dataSource.transaction((tx) => projection.apply(tx, events, 1));
  const rows = (set: ProjectionTables) =>
    reservation.dataSource.query(
      `SELECT stock_id, sku, salable_qty, is_salable, only_x_left, backorders FROM ${set.salable} ORDER BY stock_id, sku`,
    );
  const salableChanges = (outbox: OutboxEntry[]) =>
    outbox.filter((entry) => entry.event.type === 'SalableQuantityChanged');

  beforeAll(async () => {
    reservation = await startReservationApp('inventory_reservation_projection_it');
    store = reservation.app.get(EVENT_STORE);
    await store.appendToStream(
      skuStream(sku),
      [
        {
          eventId: randomUUID(),
          type: 'SourceItemsRecorded',
          data: { items: [{ sourceCode: 'default', quantity: 10, status: 'in_stock' }], reason: 'manual' },
        },
        {
          eventId: randomUUID(),
          type: 'StockReserved',
          data: { ref: orderRef(`o-${run}`), stockId: 1, qty: 3 },
        },
        {
          eventId: randomUUID(),
          type: 'ReservationCompensated',
          data: { ref: orderRef(`o-${run}`), stockId: 1, qty: 1, reason: 'shipment', shipmentId: `s-${run}` },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
  });

  afterAll(async () => {
    await reservation?.close();
  });

  it('applied twice, the same rows, and nothing published the second time', async () => {
    const events = await store.readStream(skuStream(sku));
    const set = await tables('twice');
    const projection = new SalableProjection(set);

    const first = await apply(projection, events);
    const after = await rows(set);
    const second = await apply(projection, events);

    expect(after).toEqual([
      { stock_id: 1, sku, salable_qty: '8.0000', is_salable: true, only_x_left: null, backorders: 'none' },
    ]);
    expect(salableChanges(first).map((entry) => entry.event.data)).toEqual([
      expect.objectContaining({ stockId: 1, sku, salableQty: 8, isSalable: true }),
    ]);
    expect(await rows(set)).toEqual(after);
    expect(salableChanges(second)).toEqual([]);
    // The folded SKU state counts each reservation once: 3 reserved, 1 given back.
    const [{ state }] = await reservation.dataSource.query(`SELECT state FROM ${set.skus} WHERE sku = $1`, [
      sku,
    ]);
    expect(state.reserved).toEqual({ 1: -2 });
  });

  it('applied in one batch or event by event, the same rows', async () => {
    const events = await store.readStream(skuStream(sku));
    const [whole, oneByOne] = [await tables('whole'), await tables('one_by_one')];

    await apply(new SalableProjection(whole), events);
    const single = new SalableProjection(oneByOne);
    for (const event of events) await apply(single, [event]);

    expect(await rows(oneByOne)).toEqual(await rows(whole));
  });
});
