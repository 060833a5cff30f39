import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCatalog1700000000100 implements MigrationInterface {
  name = 'CreateCatalog1700000000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE sources (
        code               text PRIMARY KEY,
        name               text NOT NULL,
        enabled            boolean NOT NULL DEFAULT true,
        is_pickup_location boolean NOT NULL DEFAULT false,
        latitude           double precision,
        longitude          double precision,
        contact            jsonb,
        address            jsonb,
        description        text,
        updated_at         timestamptz NOT NULL DEFAULT now()
      )`);
    // The Default Source always exists.
    await queryRunner.query(`INSERT INTO sources (code, name) VALUES ('default', 'Default Source')`);
    await queryRunner.query(`
      CREATE TABLE source_items (
        sku              text NOT NULL,
        source_code      text NOT NULL REFERENCES sources (code),
        quantity         numeric(20, 4) NOT NULL,
        status           text NOT NULL CHECK (status IN ('in_stock', 'out_of_stock')),
        notify_stock_qty numeric(20, 4),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (sku, source_code)
      )`);
    await queryRunner.query(`CREATE INDEX source_items_by_source ON source_items (source_code, sku)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE source_items`);
    await queryRunner.query(`DROP TABLE sources`);
  }
}
