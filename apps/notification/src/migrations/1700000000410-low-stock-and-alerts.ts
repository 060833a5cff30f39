import { MigrationInterface, QueryRunner } from 'typeorm';

export class LowStockAndAlerts1700000000410 implements MigrationInterface {
  name = 'LowStockAndAlerts1700000000410';

  async up(queryRunner: QueryRunner): Promise<void> {
    // From inventory.catalog.v1. `threshold` is the effective notify quantity (source item, else
    // product, else global; NULL when 0 or stock is not managed) and `is_low` is quantity <
    // threshold, both kept on write so the report reads one partial index at any size.
    await queryRunner.query(`
      CREATE TABLE source_items (
        sku              text NOT NULL,
        source_code      text NOT NULL,
        quantity         numeric(20, 4) NOT NULL,
        status           text NOT NULL,
        notify_stock_qty numeric(20, 4),
        threshold        numeric(20, 4),
        is_low           boolean NOT NULL DEFAULT false,
        PRIMARY KEY (sku, source_code)
      )`);
    await queryRunner.query(
      `CREATE INDEX low_by_quantity ON source_items (quantity, sku, source_code) WHERE is_low`,
    );
    await queryRunner.query(
      `CREATE INDEX low_by_sku ON source_items (sku text_pattern_ops, source_code) WHERE is_low`,
    );
    await queryRunner.query(
      `CREATE INDEX low_by_source ON source_items (source_code, quantity, sku) WHERE is_low`,
    );

    // Stored settings as the catalog publishes them (null = use the level below); `sku` '' is global.
    await queryRunner.query(`
      CREATE TABLE inventory_settings (
        sku      text PRIMARY KEY,
        settings jsonb NOT NULL
      )`);
    // A global settings change recomputes every source item in chunks, in the background: the
    // consumer only resets this cursor (one row), so no transaction holds a million rows.
    await queryRunner.query(`
      CREATE TABLE low_stock_recompute (
        id         integer PRIMARY KEY CHECK (id = 1),
        after_sku  text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE stock_channels (
        sales_channel text PRIMARY KEY,
        stock_id      integer NOT NULL
      )`);
    await queryRunner.query(`INSERT INTO stock_channels VALUES ('base', 1)`);

    // One row per crossing below the threshold; the digest that reported it, once sent.
    await queryRunner.query(`
      CREATE TABLE low_stock_crossings (
        id               bigserial PRIMARY KEY,
        sku              text NOT NULL,
        source_code      text NOT NULL,
        quantity         numeric(20, 4) NOT NULL,
        notify_stock_qty numeric(20, 4) NOT NULL,
        crossed_at       timestamptz NOT NULL DEFAULT now(),
        email_id         uuid
      )`);
    await queryRunner.query(
      `CREATE INDEX crossings_to_digest ON low_stock_crossings (id) WHERE email_id IS NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE stock_alert_subscriptions (
        id            uuid PRIMARY KEY,
        email         text NOT NULL,
        sku           text NOT NULL,
        sales_channel text NOT NULL,
        status        text NOT NULL CHECK (status IN ('active', 'notified', 'unsubscribed')),
        created_at    timestamptz NOT NULL DEFAULT now(),
        notified_at   timestamptz,
        email_id      uuid
      )`);
    // One active subscription per person, SKU and channel: subscribing twice is the same subscription.
    await queryRunner.query(
      `CREATE UNIQUE INDEX one_active_subscription ON stock_alert_subscriptions (lower(email), sku, sales_channel)
        WHERE status = 'active'`,
    );
    await queryRunner.query(
      `CREATE INDEX active_subscriptions ON stock_alert_subscriptions (sku, sales_channel) WHERE status = 'active'`,
    );

    // The mail queue and the sent log in one: written in the transaction that decides to send,
    // delivered by the mailer, retried with backoff until the SMTP server takes it.
    await queryRunner.query(`
      CREATE TABLE emails (
        id              uuid PRIMARY KEY,
        kind            text NOT NULL,
        recipients      text[] NOT NULL,
        subject         text NOT NULL,
        text_body       text NOT NULL,
        html_body       text,
        sku             text,
        status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
        attempts        integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error      text,
        created_at      timestamptz NOT NULL DEFAULT now(),
        sent_at         timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX emails_due ON emails (next_attempt_at) WHERE status = 'pending'`);
    await queryRunner.query(`CREATE INDEX emails_by_time ON emails (created_at DESC, id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'emails',
      'stock_alert_subscriptions',
      'low_stock_crossings',
      'stock_channels',
      'low_stock_recompute',
      'inventory_settings',
      'source_items',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
