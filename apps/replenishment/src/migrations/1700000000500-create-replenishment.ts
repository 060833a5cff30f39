import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateReplenishment1700000000500 implements MigrationInterface {
  name = 'CreateReplenishment1700000000500';

  /**
   * Suppliers; the purchase orders' read model (the orders themselves are streams in the event
   * store: this is what lists and incoming are answered from, kept by the projection); and this
   * service's copy of the catalog: the sources and the settings that say which SKUs are bought in
   * fractions.
   */
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE suppliers (
        code            text PRIMARY KEY,
        name            text NOT NULL,
        email           text,
        lead_time_days  int NOT NULL,
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE purchase_orders (
        purchase_order_id text PRIMARY KEY,
        supplier_code     text NOT NULL,
        source_code       text NOT NULL,
        expected_at       text NOT NULL,
        status            text NOT NULL,
        placed_at         timestamptz NOT NULL,
        updated_at        timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX purchase_orders_by_status ON purchase_orders (status, placed_at)`);
    await queryRunner.query(`
      CREATE TABLE purchase_order_lines (
        purchase_order_id text NOT NULL REFERENCES purchase_orders ON DELETE CASCADE,
        sku               text NOT NULL,
        qty               numeric(20, 4) NOT NULL,
        received          numeric(20, 4) NOT NULL DEFAULT 0,
        PRIMARY KEY (purchase_order_id, sku)
      )`);
    await queryRunner.query(`CREATE INDEX purchase_order_lines_by_sku ON purchase_order_lines (sku)`);
    await queryRunner.query(`
      CREATE TABLE catalog_sources (
        code    text PRIMARY KEY,
        name    text NOT NULL,
        enabled boolean NOT NULL
      )`);
    // The catalog is born with the Default Source, whose creation it never published.
    await queryRunner.query(
      `INSERT INTO catalog_sources (code, name, enabled) VALUES ('default', 'Default Source', true)`,
    );
    await queryRunner.query(`
      CREATE TABLE catalog_settings (
        scope    text PRIMARY KEY,
        settings jsonb NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DROP TABLE catalog_settings, catalog_sources, purchase_order_lines, purchase_orders, suppliers`,
    );
  }
}
