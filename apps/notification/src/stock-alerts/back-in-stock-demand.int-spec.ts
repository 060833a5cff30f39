import { randomUUID } from 'node:crypto';
import { SERVICES, createServiceApp } from '@inventory/service-runtime';
import { InProcessApp, startInProcessApp } from '@inventory/testing';

jest.setTimeout(60_000);

/** The demand report over subscriptions as the service keeps them (real PostgreSQL). */
describe('back-in-stock demand', () => {
  let service: InProcessApp;
  const run = randomUUID().slice(0, 8);

  beforeAll(async () => {
    service = await startInProcessApp({
      databaseUrlVariable: SERVICES.notification.databaseUrlVariable,
      database: 'inventory_notification_demand_it',
      create: async () => createServiceApp((await import('../app.module')).AppModule),
    });
    const subscribe = (
      sku: string,
      channel: string,
      status: string,
      created: string,
      notified: string | null,
    ) =>
      service.dataSource.query(
        `INSERT INTO stock_alert_subscriptions (id, email, sku, sales_channel, status, created_at, notified_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [randomUUID(), `${randomUUID()}@shop.test`, sku, channel, status, created, notified],
      );
    const [mug, tea] = [`DEM-MUG-${run}`, `DEM-TEA-${run}`];
    // The mug: two waiting on base since the 1st and the 3rd; it came back twice before, after
    // 4 days (subscribed on Nov 1, restocked Nov 5) and after 10 days (two shoppers, from Nov 10).
    await subscribe(mug, 'base', 'active', '2026-12-01T00:00:00Z', null);
    await subscribe(mug, 'base', 'active', '2026-12-03T00:00:00Z', null);
    await subscribe(mug, 'base', 'notified', '2026-11-01T00:00:00Z', '2026-11-05T00:00:00Z');
    await subscribe(mug, 'base', 'notified', '2026-11-10T00:00:00Z', '2026-11-20T00:00:00Z');
    await subscribe(mug, 'base', 'notified', '2026-11-15T00:00:00Z', '2026-11-20T00:00:00Z');
    await subscribe(mug, 'base', 'unsubscribed', '2026-11-02T00:00:00Z', null);
    // The tea: three waiting on another channel; nobody waits for it on base any more.
    for (const day of ['04', '05', '06'])
      await subscribe(tea, 'eu', 'active', `2026-12-${day}T00:00:00Z`, null);
    await subscribe(tea, 'base', 'notified', '2026-11-01T00:00:00Z', '2026-11-02T12:00:00Z');
  });

  afterAll(async () => {
    await service?.close();
  });

  it('lists who waits per SKU and channel, most waiting first, and how long restocks took', async () => {
    const { body } = await service.http().get(`/reports/back-in-stock-demand?skuPrefix=DEM-`).expect(200);
    const mine = body.items.filter((row: { sku: string }) => row.sku.endsWith(run));
    expect(mine).toEqual([
      {
        sku: `DEM-TEA-${run}`,
        salesChannel: 'eu',
        activeSubscribers: 3,
        waitingSince: '2026-12-04T00:00:00.000Z',
        restocks: 0,
        notifiedSubscribers: 0,
        lastRestockedAt: null,
        averageDaysToRestock: null,
      },
      {
        sku: `DEM-MUG-${run}`,
        salesChannel: 'base',
        activeSubscribers: 2,
        waitingSince: '2026-12-01T00:00:00.000Z',
        restocks: 2,
        notifiedSubscribers: 3,
        lastRestockedAt: '2026-11-20T00:00:00.000Z',
        averageDaysToRestock: 7, // (4 + 10) / 2
      },
      {
        sku: `DEM-TEA-${run}`,
        salesChannel: 'base',
        activeSubscribers: 0,
        waitingSince: null,
        restocks: 1,
        notifiedSubscribers: 1,
        lastRestockedAt: '2026-11-02T12:00:00.000Z',
        averageDaysToRestock: 1.5,
      },
    ]);
    const paged = await service
      .http()
      .get(`/reports/back-in-stock-demand?skuPrefix=DEM-MUG-${run}&limit=1`)
      .expect(200);
    expect(paged.body.total).toBe(1);
  });
});
