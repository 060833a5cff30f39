import { MigrationInterface, QueryRunner } from 'typeorm';

export class ShipmentsAndCreditMemos1700000000310 implements MigrationInterface {
  name = 'ShipmentsAndCreditMemos1700000000310';

  async up(queryRunner: QueryRunner): Promise<void> {
    // What this service knows of the catalog (from inventory.catalog.v1): enough to choose sources
    // and to check a shipment, never written by anything but that topic's consumer.
    await queryRunner.query(`
      CREATE TABLE sources (
        code               text PRIMARY KEY,
        name               text NOT NULL,
        enabled            boolean NOT NULL,
        latitude           double precision,
        longitude          double precision,
        is_pickup_location boolean NOT NULL DEFAULT false
      )`);
    await queryRunner.query(`
      CREATE TABLE stock_sources (
        stock_id    integer NOT NULL,
        source_code text NOT NULL,
        priority    integer NOT NULL,
        PRIMARY KEY (stock_id, source_code)
      )`);
    await queryRunner.query(`
      CREATE TABLE source_items (
        sku         text NOT NULL,
        source_code text NOT NULL,
        quantity    numeric(20, 4) NOT NULL,
        status      text NOT NULL,
        PRIMARY KEY (sku, source_code)
      )`);
    // The catalog starts with these (its own first migrations), without publishing them.
    await queryRunner.query(
      `INSERT INTO sources (code, name, enabled) VALUES ('default', 'Default Source', true)`,
    );
    await queryRunner.query(`INSERT INTO stock_sources VALUES (1, 'default', 1)`);

    // One row per SKU of an order. The counters follow Magento's order item: what is left to
    // ship is ordered − max(shipped, refunded) − canceled. `released` is what the reservation
    // service gave back (ReservationCompensated), so reserved = ordered − released.
    await queryRunner.query(`
      CREATE TABLE order_lines (
        order_id          text NOT NULL,
        sku               text NOT NULL,
        ordered           numeric(20, 4) NOT NULL DEFAULT 0,
        shipped           numeric(20, 4) NOT NULL DEFAULT 0,
        canceled          numeric(20, 4) NOT NULL DEFAULT 0,
        refunded          numeric(20, 4) NOT NULL DEFAULT 0,
        returned_to_stock numeric(20, 4) NOT NULL DEFAULT 0,
        released          numeric(20, 4) NOT NULL DEFAULT 0,
        PRIMARY KEY (order_id, sku)
      )`);

    await queryRunner.query(`
      CREATE TABLE shipments (
        shipment_id          text PRIMARY KEY,
        order_id             text NOT NULL,
        pickup_location_code text,
        picked_up_at         timestamptz,
        created_at           timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX shipments_by_order ON shipments (order_id, created_at)`);
    // deducted: the catalog's SourceItemsSaved for this shipment has arrived. Until then the
    // units still count in source_items, so what a source can give is quantity − pending lines.
    await queryRunner.query(`
      CREATE TABLE shipment_lines (
        shipment_id text NOT NULL REFERENCES shipments ON DELETE CASCADE,
        sku         text NOT NULL,
        source_code text NOT NULL,
        qty         numeric(20, 4) NOT NULL,
        deducted    boolean NOT NULL DEFAULT false,
        PRIMARY KEY (shipment_id, sku, source_code)
      )`);
    await queryRunner.query(
      `CREATE INDEX pending_shipment_lines ON shipment_lines (sku, source_code) WHERE NOT deducted`,
    );

    await queryRunner.query(`
      CREATE TABLE credit_memos (
        credit_memo_id text PRIMARY KEY,
        order_id       text NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX credit_memos_by_order ON credit_memos (order_id, created_at)`);
    // The lines as published: a refund of shipped and unshipped units of one SKU is two lines.
    await queryRunner.query(`
      CREATE TABLE credit_memo_lines (
        credit_memo_id  text NOT NULL REFERENCES credit_memos ON DELETE CASCADE,
        line_no         integer NOT NULL,
        sku             text NOT NULL,
        qty             numeric(20, 4) NOT NULL,
        return_to_stock boolean NOT NULL,
        source_code     text,
        PRIMARY KEY (credit_memo_id, line_no)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'credit_memo_lines',
      'credit_memos',
      'shipment_lines',
      'shipments',
      'order_lines',
      'source_items',
      'stock_sources',
      'sources',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
