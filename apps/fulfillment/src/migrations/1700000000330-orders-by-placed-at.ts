import { MigrationInterface, QueryRunner } from 'typeorm';

export class OrdersByPlacedAt1700000000330 implements MigrationInterface {
  name = 'OrdersByPlacedAt1700000000330';

  // GET /orders lists the newest first.
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX orders_by_placed_at ON orders (placed_at DESC NULLS LAST, order_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX orders_by_placed_at`);
  }
}
