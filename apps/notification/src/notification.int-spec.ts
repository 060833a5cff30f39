import { randomUUID } from 'node:crypto';
import { IntegrationEvent, TOPICS, createEvent } from '@inventory/contracts';
import { SERVICES, createServiceApp } from '@inventory/service-runtime';
import { KafkaEventServer } from '@inventory/messaging';
import {
  InProcessApp,
  KafkaTestClient,
  testTopicPrefix,
  SmtpSink,
  startInProcessApp,
  waitFor,
} from '@inventory/testing';
import { unsubscribeToken } from './stock-alerts/unsubscribe-link';

jest.setTimeout(120_000);

/** Beside `npm start`'s sink on 1025. */
const SMTP_PORT = 1125;
const OPS = 'ops@example.com';
const SECRET = 'int-test-secret';

const catalog = (type: 'SourceItemsSaved' | 'InventorySettingsChanged' | 'StockSaved', data: object) =>
  createEvent(type, data as never, { source: 'catalog-inventory' }) as IntegrationEvent;

/**
 * The notification service against real PostgreSQL, Kafka and SMTP: low-stock crossings, the
 * report and the digest email; back-in-stock subscriptions and their emails; an SMTP outage.
 */
describe('notification (real PostgreSQL, Kafka and SMTP)', () => {
  const run = randomUUID().slice(0, 8);
  const kafka = new KafkaTestClient({ topicPrefix: testTopicPrefix() });
  let sink = new SmtpSink(SMTP_PORT);
  let service: InProcessApp;
  const http = () => service.http();

  const publish = async (event: IntegrationEvent, key: string) => kafka.publish(event, key);
  const quantity = (sku: string, qty: number, extra: object = {}) =>
    publish(
      catalog('SourceItemsSaved', {
        sku,
        items: [
          {
            sourceCode: 'default',
            quantity: qty,
            status: qty > 0 ? 'in_stock' : 'out_of_stock',
            notifyStockQty: null,
            ...extra,
          },
        ],
        reason: 'manual',
      }),
      sku,
    );
  const settings = (settingsPatch: object, sku?: string) =>
    publish(
      catalog(
        'InventorySettingsChanged',
        sku ? { scope: 'sku', sku, settings: settingsPatch } : { scope: 'global', settings: settingsPatch },
      ),
      sku ?? 'global',
    );
  const salableChange = (sku: string, salableQty: number, sequence?: number, occurredAt?: Date) =>
    createEvent(
      'SalableQuantityChanged',
      {
        stockId: 1,
        sku,
        salableQty,
        isSalable: salableQty > 0,
        onlyXLeft: null,
        backorders: 'none',
        ...(sequence ? { sequence } : {}),
      },
      { source: 'reservation', occurredAt },
    );
  const salable = (sku: string, salableQty: number) => publish(salableChange(sku, salableQty), sku);
  const lowStock = async (query = '') => (await http().get(`/reports/low-stock?${query}`)).body;
  const lowStockOf = (sku: string) => lowStock(`skuPrefix=${sku}`);
  const digestsReceived = () => sink.to(OPS).filter((mail) => mail.subject.startsWith('Low stock'));

  beforeAll(async () => {
    await kafka.watch([TOPICS.notifications]);
    await sink.start();
    Object.assign(process.env, {
      SMTP_PORT: String(SMTP_PORT),
      LOW_STOCK_EMAIL_TO: OPS,
      LOW_STOCK_DIGEST_CRON: '* * * * * *', // every second, so the test sees the schedule work
      NOTIFICATION_SECRET: SECRET,
      MAIL_RETRY_BASE_MS: '200',
      MAIL_RETRY_MAX_MS: '1000',
      MAIL_POLL_MS: '100',
      KAFKA_FROM_BEGINNING: 'false',
    });
    service = await startInProcessApp({
      databaseUrlVariable: SERVICES.notification.databaseUrlVariable,
      database: 'inventory_notification_it',
      create: async () => createServiceApp((await import('./app.module')).AppModule),
    });
    await waitFor(async () => ((await http().get('/health')).status === 200 ? true : undefined), {
      what: 'the consumers to join their groups',
    });
    await settings({ notifyStockQty: 10, allowBackInStockSubscriptions: true });
  });

  afterAll(async () => {
    await kafka.close();
    await service?.close();
    await sink.stop();
    for (const name of ['SMTP_PORT', 'LOW_STOCK_EMAIL_TO', 'LOW_STOCK_DIGEST_CRON', 'KAFKA_FROM_BEGINNING']) {
      delete process.env[name];
    }
  });

  describe('low stock', () => {
    const sku = `HDB-${run}`;

    it('notify below 10, quantity 12 → 9: in the report, one LowStockDetected, one digest email; staying low sends nothing more', async () => {
      await quantity(sku, 12);
      await quantity(sku, 9);
      const report = await waitFor(
        async () => ((await lowStockOf(sku)).total === 1 ? lowStockOf(sku) : undefined),
        {
          what: `${sku} in the low-stock report`,
        },
      );
      expect(report.items).toEqual([
        { sku, sourceCode: 'default', quantity: 9, notifyStockQty: 10, status: 'in_stock' },
      ]);
      const detected = await kafka.waitForEvent('LowStockDetected', (e) => e.data.sku === sku);
      expect(detected.data).toEqual({ sku, sourceCode: 'default', quantity: 9, notifyStockQty: 10 });

      const [digest] = await waitFor(async () => (digestsReceived().length ? digestsReceived() : undefined), {
        what: 'the low-stock digest at the SMTP server',
      });
      expect(digest.subject).toBe('Low stock: 1 source item below their notify quantity');
      expect(digest.text).toContain(`- ${sku} at default: 9 (notify below 10)`);
      expect(digest.html).toContain(`<td>${sku}</td>`);

      await quantity(sku, 8); // still low: not a crossing
      await waitFor(async () => ((await lowStockOf(sku)).items[0]?.quantity === 8 ? true : undefined), {
        what: 'quantity 8',
      });
      await new Promise((resolve) => setTimeout(resolve, 2_500)); // two digest ticks
      expect(digestsReceived()).toHaveLength(1);
      expect(kafka.eventsOf('LowStockDetected').filter((e) => e.data.sku === sku)).toHaveLength(1);

      const sent = (await http().get(`/notifications?kind=low-stock-digest&recipient=${OPS}`)).body;
      expect(sent.items[0]).toMatchObject({
        recipients: [OPS],
        status: 'sent',
        attempts: 1,
        lastError: null,
      });
    });

    it('announces again after it recovers and drops', async () => {
      await quantity(sku, 15);
      await waitFor(async () => ((await lowStockOf(sku)).total === 0 ? true : undefined), {
        what: 'recovery',
      });
      await quantity(sku, 5);
      await waitFor(
        async () =>
          kafka.eventsOf('LowStockDetected').filter((e) => e.data.sku === sku).length === 2
            ? true
            : undefined,
        { what: 'a second LowStockDetected' },
      );
      await waitFor(async () => (digestsReceived().length === 2 ? true : undefined), {
        what: 'a second digest',
      });
    });

    it('takes the notify quantity from the source item, else the product, else global; 0 or unmanaged stock disables it', async () => {
      const [item, product, zero, unmanaged] = ['ITEM', 'PROD', 'ZERO', 'UNMG'].map((p) => `${p}-${run}`);
      await settings({ notifyStockQty: 3 }, product);
      await settings({ notifyStockQty: 0 }, zero);
      await settings({ manageStock: false }, unmanaged);
      await quantity(item, 15, { notifyStockQty: 20 }); // own 20: low at 15
      await quantity(product, 5); // product 3: not low at 5
      await quantity(zero, 1); // disabled
      await quantity(unmanaged, 1); // disabled
      await waitFor(async () => ((await lowStockOf(item)).total === 1 ? true : undefined), {
        what: 'the item-level threshold',
      });
      expect((await lowStockOf(item)).items[0].notifyStockQty).toBe(20);
      for (const sku of [product, zero, unmanaged]) expect((await lowStockOf(sku)).total).toBe(0);

      // A product override reaching the SKU recomputes its items at once.
      await settings({ notifyStockQty: 6 }, product);
      await waitFor(async () => ((await lowStockOf(product)).total === 1 ? true : undefined), {
        what: 'the product override',
      });
      // A global change recomputes every item that has no override of its own.
      await settings({ notifyStockQty: 20, allowBackInStockSubscriptions: true });
      await waitFor(
        async () => ((await lowStockOf(sku)).items[0]?.notifyStockQty === 20 ? true : undefined),
        {
          what: 'the global change',
        },
      );
      expect((await lowStockOf(product)).items[0].notifyStockQty).toBe(6);
      await settings({ notifyStockQty: 10, allowBackInStockSubscriptions: true });
    });

    it('filters by source and SKU prefix, sorts and pages, and refuses bad parameters naming them', async () => {
      const prefix = `RPT-${run}-`;
      for (const [index, qty] of [4, 2, 7].entries()) await quantity(`${prefix}${index}`, qty);
      await waitFor(async () => ((await lowStock(`skuPrefix=${prefix}`)).total === 3 ? true : undefined), {
        what: '3 rows',
      });
      const byQuantity = await lowStock(`skuPrefix=${prefix}&sort=quantity&limit=2`);
      expect(byQuantity.items.map((i: { quantity: number }) => i.quantity)).toEqual([2, 4]);
      expect(byQuantity.total).toBe(3);
      const page2 = await lowStock(`skuPrefix=${prefix}&sort=-quantity&limit=2&offset=2`);
      expect(page2.items.map((i: { quantity: number }) => i.quantity)).toEqual([2]);
      expect((await lowStock(`skuPrefix=${prefix}&sourceCode=elsewhere`)).total).toBe(0);
      const exported = await http().get(`/reports/low-stock/export?skuPrefix=${prefix}&sort=sku`);
      expect(exported.headers['content-type']).toMatch(/^text\/csv/);
      expect(exported.text.trim().split('\n')).toEqual([
        'sku,source_code,quantity,notify_stock_qty,status',
        `${prefix}0,default,4,10,in_stock`,
        `${prefix}1,default,2,10,in_stock`,
        `${prefix}2,default,7,10,in_stock`,
      ]);
      const bad = await http().get('/reports/low-stock?sort=price&limit=0');
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['limit', 'sort']);
    });
  });

  describe('back in stock', () => {
    const sku = `BIS-${run}`;
    const subscribe = (email: string, body: object = {}) =>
      http()
        .post('/stock-alert-subscriptions')
        .send({ email, sku, salesChannel: 'base', ...body });

    it('subscribers of an out-of-stock SKU each get exactly one email when it returns', async () => {
      await quantity(sku, 0);
      await salable(sku, 0);
      const ada = await waitFor(
        async () => {
          const response = await subscribe('ada@example.com');
          return response.status === 201 ? response : undefined;
        },
        { what: 'the SKU known as not salable' },
      );
      expect(ada.body).toMatchObject({ sku, salesChannel: 'base', status: 'active' });
      const again = await subscribe('ADA@example.com');
      expect(again.status).toBe(200);
      expect(again.body.subscriptionId).toBe(ada.body.subscriptionId);
      expect((await subscribe('bob@example.com')).status).toBe(201);
      const carol = await subscribe('carol@example.com');
      expect((await http().delete(`/stock-alert-subscriptions/${carol.body.subscriptionId}`)).status).toBe(
        204,
      );

      await salable(sku, 5);
      for (const person of ['ada@example.com', 'bob@example.com']) {
        await waitFor(async () => (sink.to(person).length ? true : undefined), {
          what: `the email to ${person}`,
        });
      }
      const notified = await kafka.waitForEvent('BackInStockNotified', (e) => e.data.sku === sku);
      expect([...notified.data.recipients].sort()).toEqual(['ada@example.com', 'bob@example.com']);
      await salable(sku, 4); // still salable: nobody left to tell
      await salable(sku, 6);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(sink.to('ada@example.com')).toHaveLength(1);
      expect(sink.to('bob@example.com')).toHaveLength(1);
      expect(sink.to('carol@example.com')).toHaveLength(0);
      const [mail] = sink.to('ada@example.com');
      expect(mail.subject).toBe(`${sku} is back in stock`);
      expect(mail.text).toContain('(5 available)');
      expect((await http().get(`/stock-alert-subscriptions/${ada.body.subscriptionId}`)).body).toMatchObject({
        status: 'notified',
        notifiedAt: expect.any(String),
      });

      // The email's unsubscribe link is signed for that subscription only.
      const link = new URL(/Unsubscribe: (\S+)/.exec(mail.text)![1]);
      expect(link.searchParams.get('token')).toBe(unsubscribeToken(SECRET, ada.body.subscriptionId));
      const forged = await http().get(
        `/stock-alert-subscriptions/${carol.body.subscriptionId}/unsubscribe?token=${link.searchParams.get('token')}`,
      );
      expect(forged).toMatchObject({ status: 403, body: { code: 'invalid_unsubscribe_token' } });
    });

    it('refuses a salable SKU, a SKU that does not allow it, an unknown channel and a bad email, naming the field', async () => {
      expect((await subscribe('dan@example.com')).body).toMatchObject({
        code: 'sku_is_salable',
        errors: [{ field: 'sku' }],
      });
      const closed = `CLOSED-${run}`;
      await settings({ allowBackInStockSubscriptions: false }, closed);
      await quantity(closed, 0);
      await waitFor(
        async () =>
          (await subscribe('dan@example.com', { sku: closed })).body.code === 'subscriptions_not_allowed'
            ? true
            : undefined,
        { what: 'the product override' },
      );
      expect((await subscribe('dan@example.com', { salesChannel: 'nowhere' })).body).toMatchObject({
        code: 'sales_channel_not_found',
        errors: [{ field: 'salesChannel' }],
      });
      expect((await subscribe('not-an-email')).body.errors[0].field).toBe('email');
    });
  });

  describe('salability in the order the reservation service decided it', () => {
    it('follows its sequence, not the clock of whichever instance published', async () => {
      const sku = `SEQ-${run}`;
      const change = (salableQty: number, sequence: number, occurredAt: Date) =>
        publish(salableChange(sku, salableQty, sequence, occurredAt), sku);
      const now = Date.now();
      const seen = async () => (await http().get(`/skus/${sku}/salability`)).body.items[0]?.salableQty;
      await change(0, 10, new Date(now));
      // Published later by an instance whose clock is a minute behind: newer all the same.
      await change(7, 11, new Date(now - 60_000));
      // An older change delivered again (a re-drive), stamped by a clock ahead: not newer.
      await change(3, 9, new Date(now + 60_000));
      await change(8, 12, new Date(now - 120_000));
      await waitFor(async () => ((await seen()) === 8 ? true : undefined), {
        what: 'the last change applied',
      });
      expect((await http().get(`/skus/${sku}/salability`)).body.items[0].sequence).toBe(12);
    });
  });

  it('applies a fetched batch of changes to several SKUs in one go, each SKU in its order', async () => {
    // The group's batch as its consumer hands it over (KafkaEventServer: @EventPattern handlers).
    const handler = service.app.get(KafkaEventServer).subscription('notification');
    const [first, second] = [`BATCH-B-${run}`, `BATCH-A-${run}`];
    const change = salableChange;
    const position = { topic: TOPICS.salable, partition: 0, offset: '0', key: null };
    const last = change(first, 2, 3);
    const events = [
      change(first, 9, 1),
      change(second, 4, 1),
      change(first, 0, 2),
      last,
      change(second, 1, 2),
    ];
    await handler.handleBatch!([...events, last].map((event) => ({ event, position })));
    const seen = async (sku: string) => (await http().get(`/skus/${sku}/salability`)).body.items[0];
    expect(await seen(first)).toMatchObject({ salableQty: 2, sequence: 3 });
    expect(await seen(second)).toMatchObject({ salableQty: 1, sequence: 2 });
  });

  describe('an SMTP outage', () => {
    it('keeps the email, retries with backoff, and delivers it once the server is back', async () => {
      const sku = `DOWN-${run}`;
      await quantity(sku, 50);
      await sink.stop();
      await quantity(sku, 1);
      // The digest that carries this SKU: an earlier test's digest may still be pending too.
      const failing = await waitFor(
        async () => {
          const { body } = await http().get(`/notifications?kind=low-stock-digest&status=pending`);
          const [carrying] = await service.dataSource.query(
            `SELECT id FROM emails WHERE kind = 'low-stock-digest' AND text_body LIKE $1`,
            [`%- ${sku} at default:%`],
          );
          return body.items.find(
            (e: { id: string; attempts: number }) => e.id === carrying?.id && e.attempts >= 2,
          );
        },
        { what: 'the digest carrying the SKU failing to send' },
      );
      expect(failing.lastError).toMatch(/ECONNREFUSED|connect/i);

      sink = new SmtpSink(SMTP_PORT);
      await sink.start();
      const messageId = `<${failing.id}@inventory-notification>`;
      const [mail] = await waitFor(
        async () => {
          const received = sink.received.filter((m) => m.messageId === messageId);
          return received.length ? received : undefined;
        },
        { what: 'the digest delivered after the outage' },
      );
      expect(mail.text).toContain(`- ${sku} at default: 1`);
      const delivered = (
        await http().get(`/notifications?kind=low-stock-digest&status=sent`)
      ).body.items.find((e: { id: string }) => e.id === failing.id);
      expect(delivered).toMatchObject({
        status: 'sent',
        lastError: expect.stringMatching(/ECONNREFUSED|connect/i),
      });
      expect(delivered.attempts).toBeGreaterThanOrEqual(3);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(sink.received.filter((m) => m.messageId === messageId)).toHaveLength(1);
    });
  });
});
