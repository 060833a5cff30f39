import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateReservation1700000000200 implements MigrationInterface {
  name = 'CreateReservation1700000000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE stock_positions (
        sku               text PRIMARY KEY,
        source_quantities jsonb NOT NULL DEFAULT '{}',
        reserved          numeric(20, 4) NOT NULL DEFAULT 0,
        updated_at        timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE order_reservations (
        order_id   text PRIMARY KEY,
        stock_id   integer,
        status     text NOT NULL CHECK (status IN ('reserved', 'rejected')),
        lines      jsonb NOT NULL,
        decided_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE order_reservations`);
    await queryRunner.query(`DROP TABLE stock_positions`);
  }
}
