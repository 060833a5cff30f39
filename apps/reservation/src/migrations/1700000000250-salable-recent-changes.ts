import { MigrationInterface, QueryRunner } from 'typeorm';

export class SalableRecentChanges1700000000250 implements MigrationInterface {
  name = 'SalableRecentChanges1700000000250';

  /** The console's overview lists the latest changed salable quantities: newest first, by index. */
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX salable_quantities_recent ON salable_quantities (updated_at DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX salable_quantities_recent`);
  }
}
