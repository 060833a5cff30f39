import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateNotification1700000000400 implements MigrationInterface {
  name = 'CreateNotification1700000000400';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Last known salability per stock and SKU: back-in-stock alerts fire when it turns salable.
    await queryRunner.query(`
      CREATE TABLE salability (
        stock_id    integer NOT NULL,
        sku         text NOT NULL,
        salable_qty numeric(20, 4),
        is_salable  boolean NOT NULL,
        event_id    uuid NOT NULL,
        occurred_at timestamptz NOT NULL,
        PRIMARY KEY (stock_id, sku)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE salability`);
  }
}
