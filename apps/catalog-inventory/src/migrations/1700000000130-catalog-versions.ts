import { MigrationInterface, QueryRunner } from 'typeorm';

export class CatalogVersions1700000000130 implements MigrationInterface {
  name = 'CatalogVersions1700000000130';

  /** Every catalog event carries a number from this sequence (catalog-version.ts says why). */
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SEQUENCE catalog_versions`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP SEQUENCE catalog_versions`);
  }
}
