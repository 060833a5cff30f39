import { randomUUID } from 'node:crypto';
import { EVENT_STORE, EventStore } from '@inventory/event-store';
import { InProcessApp, waitFor } from '@inventory/testing';
import { startReservationApp } from '../testing/reservation-app';
import { readSalableSummary } from './salable-summary';
import { recordQuantity } from '../testing/recorded-quantity';

jest.setTimeout(90_000);

/** GET /salable-summary counts what each stock can sell from the projection, and lists the latest changes. */
describe('salable summary (real PostgreSQL)', () => {
  let reservation: InProcessApp;
  let store: EventStore;
  const run = randomUUID().slice(0, 8);
  const [plenty, none, older] = [`PLENTY-${run}`, `NONE-${run}`, `OLDER-${run}`];

  const quantity = (sku: string, quantity: number) => recordQuantity(store, sku, quantity);
  const summary = async (limit?: number) =>
    (
      await reservation
        .http()
        .get(`/salable-summary${limit ? `?limit=${limit}` : ''}`)
        .expect(200)
    ).body;

  beforeAll(async () => {
    reservation = await startReservationApp('inventory_reservation_summary_it');
    store = reservation.app.get(EVENT_STORE);
  });

  afterAll(async () => {
    await reservation?.close();
  });

  it('counts the SKUs of each stock, those it cannot sell and those at Only X left', async () => {
    // Exact counts need a table nobody else writes to: the app consumes the shared test broker, so
    // other specs' catalog events reach its projection. A temporary table of the same shape shadows
    // the live one for this transaction (pg_temp comes first on the search path).
    const counted = await reservation.dataSource.transaction(async (tx) => {
      await tx.query(
        `CREATE TEMP TABLE salable_quantities (LIKE public.salable_quantities INCLUDING ALL) ON COMMIT DROP`,
      );
      await tx.query(
        `INSERT INTO salable_quantities (stock_id, sku, salable_qty, is_salable, only_x_left, backorders)
         VALUES (1, 'A', 30, true, NULL, false), (1, 'B', 0, false, NULL, false),
                (1, 'C', 2, true, 2, false), (2, 'A', NULL, true, NULL, false), (2, 'B', 0, false, NULL, true)`,
      );
      return readSalableSummary(tx, 2);
    });
    expect(counted.stocks).toEqual([
      { stockId: 1, skus: 3, outOfStock: 1, onlyXLeft: 1 },
      { stockId: 2, skus: 2, outOfStock: 1, onlyXLeft: 0 },
    ]);
    expect(counted.recent).toHaveLength(2);
  });

  it('lists the latest changes of the projection first, over HTTP', async () => {
    const ours = (body: { recent: { sku: string }[] }) =>
      body.recent.filter((change) => [plenty, none, older].includes(change.sku));
    await quantity(older, 4);
    await waitFor(async () => (ours(await summary(1000))[0]?.sku === older ? true : undefined), {
      what: `${older} projected`,
    });
    await quantity(plenty, 30);
    await quantity(none, 0);
    const recent = await waitFor(
      async () => {
        const seen = ours(await summary(1000));
        if (seen.length < 3) throw new Error(`only ${JSON.stringify(seen)}`);
        return seen;
      },
      { what: `${plenty}, ${none} and ${older} projected` },
    );
    // The newest first: the two written after OLDER was projected (in one batch or two), then OLDER.
    expect(recent.map((change: { sku: string }) => change.sku).slice(2)).toEqual([older]);
    expect(
      recent
        .slice(0, 2)
        .map((change: { sku: string }) => change.sku)
        .sort(),
    ).toEqual([none, plenty].sort());
    expect(recent.find((change: { sku: string }) => change.sku === plenty)).toMatchObject({
      stockId: 1,
      salableQty: 30,
      isSalable: true,
      changedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(recent.find((change: { sku: string }) => change.sku === none)).toMatchObject({ isSalable: false });
    // Over HTTP the counts include other specs' SKUs too (shared broker): at least ours.
    const stock = (await summary()).stocks.find((counted: { stockId: number }) => counted.stockId === 1);
    expect(stock.skus).toBeGreaterThanOrEqual(3);
    expect(stock.outOfStock).toBeGreaterThanOrEqual(1);
    expect((await summary(1)).recent).toHaveLength(1);
  });

  it('refuses a limit that is not a number from 1 to 1000, naming it', async () => {
    const refused = await reservation.http().get('/salable-summary?limit=0').expect(400);
    expect(JSON.stringify(refused.body)).toMatch(/limit/);
  });
});
