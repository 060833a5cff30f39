import { randomUUID } from 'node:crypto';
import { EVENT_STORE, EventStore } from '@inventory/event-store';
import { InProcessApp, waitFor } from '@inventory/testing';
import { skuStream } from '../streams/stream-events';
import { startReservationApp } from '../testing/reservation-app';

jest.setTimeout(90_000);

/** GET /salable-summary counts what each stock can sell from the projection, and lists the latest changes. */
describe('salable summary (real PostgreSQL)', () => {
  let reservation: InProcessApp;
  let store: EventStore;
  const run = randomUUID().slice(0, 8);
  const [plenty, none, older] = [`PLENTY-${run}`, `NONE-${run}`, `OLDER-${run}`];

  const quantity = (sku: string, qty: number) =>
    store.appendToStream(
      skuStream(sku),
      [
        {
          eventId: randomUUID(),
          type: 'SourceItemsRecorded',
          data: {
            items: [{ sourceCode: 'default', quantity: qty, status: qty > 0 ? 'in_stock' : 'out_of_stock' }],
            reason: 'manual',
          },
        },
      ],
      { expectedRevision: 'any' },
    );
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

  it('counts the SKUs of each stock and those it cannot sell, and lists the latest changes first', async () => {
    await quantity(older, 4);
    await waitFor(async () => ((await summary()).recent[0]?.sku === older ? true : undefined), {
      what: `${older} projected`,
    });
    await quantity(plenty, 30);
    await quantity(none, 0);
    const answer = await waitFor(
      async () => {
        const body = await summary();
        return body.stocks[0]?.skus === 3 && body.stocks[0]?.outOfStock === 1 ? body : undefined;
      },
      { what: 'three SKUs of the default stock, one out of stock' },
    );
    expect(answer.stocks).toEqual([{ stockId: 1, skus: 3, outOfStock: 1, onlyXLeft: 0 }]);
    // The newest first: the two written after OLDER was projected (in one batch or two), then OLDER.
    expect(answer.recent.map((change: { sku: string }) => change.sku).slice(2)).toEqual([older]);
    expect(
      answer.recent
        .slice(0, 2)
        .map((change: { sku: string }) => change.sku)
        .sort(),
    ).toEqual([none, plenty].sort());
    expect(answer.recent.find((change: { sku: string }) => change.sku === plenty)).toMatchObject({
      stockId: 1,
      salableQty: 30,
      isSalable: true,
      changedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect((await summary(1)).recent).toHaveLength(1);
  });

  it('refuses a limit that is not a number from 1 to 1000, naming it', async () => {
    const refused = await reservation.http().get('/salable-summary?limit=0').expect(400);
    expect(JSON.stringify(refused.body)).toMatch(/limit/);
  });
});
