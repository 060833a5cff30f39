import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateFulfillment1700000000300 implements MigrationInterface {
  name = 'CreateFulfillment1700000000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The reservation outcome travels on another topic than the order and may arrive first, so
    // both halves of a row are nullable and filled by whichever event comes.
    await queryRunner.query(`
      CREATE TABLE orders (
        order_id           text PRIMARY KEY,
        sales_channel      text,
        items              jsonb,
        placed_at          timestamptz,
        canceled           boolean NOT NULL DEFAULT false,
        reservation_status text CHECK (reservation_status IN ('reserved', 'rejected')),
        stock_id           integer,
        rejected_lines     jsonb,
        updated_at         timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE orders`);
  }
}
