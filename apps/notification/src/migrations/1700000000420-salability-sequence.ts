import { MigrationInterface, QueryRunner } from 'typeorm';

export class SalabilitySequence1700000000420 implements MigrationInterface {
  name = 'SalabilitySequence1700000000420';

  /** The reservation service's sequence of the change last applied (null: an older producer's). */
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE salability ADD COLUMN sequence bigint`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE salability DROP COLUMN sequence`);
  }
}
