import { MigrationInterface, QueryRunner } from 'typeorm';

export class OrderLinesOnly1700000000320 implements MigrationInterface {
  name = 'OrderLinesOnly1700000000320';

  // order_lines holds what was ordered, per SKU; the order's copy of its items was written, never read.
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE orders DROP COLUMN items`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE orders ADD COLUMN items jsonb`);
  }
}
