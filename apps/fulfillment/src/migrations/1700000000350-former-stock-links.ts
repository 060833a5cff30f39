import { MigrationInterface, QueryRunner } from 'typeorm';

export class FormerStockLinks1700000000350 implements MigrationInterface {
  name = 'FormerStockLinks1700000000350';

  /**
   * A source unlinked from a stock, or every source of a deleted stock, stays as a former link:
   * orders placed before it was unlinked may still ship from it (the reservation service keeps
   * counting their reservations there); later orders ship from current links only, and source
   * selection proposes only those.
   */
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE stock_sources ADD COLUMN former boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE stock_sources ADD COLUMN unlinked_at timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM stock_sources WHERE former`);
    await queryRunner.query(`ALTER TABLE stock_sources DROP COLUMN former, DROP COLUMN unlinked_at`);
  }
}
