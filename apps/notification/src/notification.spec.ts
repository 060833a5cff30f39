import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EMAIL_KINDS, EmailTemplates } from './email/email-templates';
import { retryDelayMs } from './email/mailer';
import { crossingsIn, lowStockDetected } from './low-stock/low-stock';
import { LowStockChange } from './low-stock/low-stock-store';
import { loadNotificationConfig } from './notification-config';
import { isUnsubscribeToken, unsubscribeToken, unsubscribeUrl } from './stock-alerts/unsubscribe-link';

const change = (wasLow: boolean, isLow: boolean): LowStockChange => ({
  sku: 'A',
  sourceCode: 'default',
  quantity: 9,
  threshold: 10,
  wasLow,
  isLow,
});

describe('low-stock crossings', () => {
  it('is a crossing only from not low to low', () => {
    expect(
      crossingsIn([change(false, true), change(true, true), change(true, false), change(false, false)]),
    ).toEqual([change(false, true)]);
  });

  it('announces the crossing as LowStockDetected keyed by SKU', () => {
    const { event, key } = lowStockDetected(change(false, true));
    expect(key).toBe('A');
    expect(event).toMatchObject({
      type: 'LowStockDetected',
      data: { sku: 'A', sourceCode: 'default', quantity: 9, notifyStockQty: 10 },
    });
  });
});

describe('mail retry backoff', () => {
  it('doubles from the base up to the maximum', () => {
    expect([0, 1, 2, 3, 10, 100].map((attempt) => retryDelayMs(attempt, 2_000, 600_000))).toEqual([
      2_000, 4_000, 8_000, 16_000, 600_000, 600_000,
    ]);
  });
});

describe('unsubscribe links', () => {
  it('accept only the token signed for that subscription with that secret', () => {
    const token = unsubscribeToken('s3cret', 'sub-1');
    expect(isUnsubscribeToken('s3cret', 'sub-1', token)).toBe(true);
    expect(isUnsubscribeToken('s3cret', 'sub-2', token)).toBe(false);
    expect(isUnsubscribeToken('other', 'sub-1', token)).toBe(false);
    expect(isUnsubscribeToken('s3cret', 'sub-1', 'short')).toBe(false);
    expect(unsubscribeUrl('https://shop.example', 's3cret', 'sub-1')).toBe(
      `https://shop.example/stock-alert-subscriptions/sub-1/unsubscribe?token=${token}`,
    );
  });
});

describe('email templates', () => {
  const folder = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'templates-'));
    for (const kind of EMAIL_KINDS) {
      writeFileSync(path.join(dir, `${kind}.subject.hbs`), '{{sku}}  &  more\n');
      writeFileSync(path.join(dir, `${kind}.text.hbs`), 'Text {{sku}}');
      writeFileSync(path.join(dir, `${kind}.html.hbs`), '<b>{{sku}}</b>');
    }
    return dir;
  };

  it('renders a merchant-edited folder; only the HTML part escapes', () => {
    const rendered = new EmailTemplates(folder()).render('back-in-stock', { sku: 'A&B' });
    expect(rendered).toEqual({ subject: 'A&B & more', text: 'Text A&B', html: '<b>A&amp;B</b>' });
  });

  it('refuses to start with a missing or broken template, naming the file', () => {
    const dir = folder();
    writeFileSync(path.join(dir, 'back-in-stock.html.hbs'), '{{#if sku}}unclosed');
    expect(() => new EmailTemplates(dir)).toThrow(/back-in-stock\.html\.hbs is not valid Handlebars/);
    expect(() => new EmailTemplates(path.join(dir, 'nowhere'))).toThrow(
      /low-stock-digest\.subject\.hbs cannot be read/,
    );
  });

  it('ships templates for every kind', () => {
    expect(() => new EmailTemplates(loadNotificationConfig({}).NOTIFICATION_TEMPLATES_DIR)).not.toThrow();
  });
});

describe('notification settings', () => {
  it('stop start-up naming each bad variable', () => {
    expect(() =>
      loadNotificationConfig({
        SMTP_PORT: '99999',
        LOW_STOCK_EMAIL_TO: 'ops@example.com, nope',
        LOW_STOCK_DIGEST_CRON: 'often',
      }),
    ).toThrow(/SMTP_PORT.*LOW_STOCK_EMAIL_TO.*LOW_STOCK_DIGEST_CRON/);
    expect(
      loadNotificationConfig({ LOW_STOCK_EMAIL_TO: 'a@example.com, b@example.com' }).LOW_STOCK_EMAIL_TO,
    ).toEqual(['a@example.com', 'b@example.com']);
  });
});

describe('notification configuration', () => {
  it('refuses the published development secret, or a short one, in production, naming the variable', () => {
    expect(() => loadNotificationConfig({ NODE_ENV: 'production' })).toThrow(/NOTIFICATION_SECRET/);
    expect(() => loadNotificationConfig({ NODE_ENV: 'production', NOTIFICATION_SECRET: 'short' })).toThrow(
      /NOTIFICATION_SECRET/,
    );
    expect(
      loadNotificationConfig({ NODE_ENV: 'production', NOTIFICATION_SECRET: 'x'.repeat(32) }),
    ).toMatchObject({
      NOTIFICATION_SECRET: 'x'.repeat(32),
    });
    expect(loadNotificationConfig({}).NOTIFICATION_SECRET).toMatch(/^dev-only/);
  });
});
