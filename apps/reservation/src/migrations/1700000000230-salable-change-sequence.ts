import { MigrationInterface, QueryRunner } from 'typeorm';

export class SalableChangeSequence1700000000230 implements MigrationInterface {
  name = 'SalableChangeSequence1700000000230';

  /**
   * The salable projection numbers each batch it publishes. Batches are applied one at a time under
   * the checkpoint row's lock, by whichever instance, so the number rises in the order the changes
   * were decided; consumers order SalableQuantityChanged by it rather than by a wall clock.
   */
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE projection_checkpoints ADD COLUMN sequence bigint NOT NULL DEFAULT 0`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE projection_checkpoints DROP COLUMN sequence`);
  }
}
