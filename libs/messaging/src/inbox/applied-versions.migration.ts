import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Beside the inbox (event ids applied), what a consumer applied per entity: the highest version of
 * each (a source item, a stock, a source), and documents applied once whatever event brings them
 * (a shipment, a credit memo). An older or repeated event arriving with a new id changes nothing.
 */
export class AppliedVersions1700000000001 implements MigrationInterface {
  name = 'AppliedVersions1700000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE applied_versions (
        consumer   text NOT NULL,
        entity_key text NOT NULL,
        version    bigint NOT NULL,
        PRIMARY KEY (consumer, entity_key)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE applied_versions`);
  }
}
