import { MigrationInterface, QueryRunner } from 'typeorm';

export class CatalogKits1700000000520 implements MigrationInterface {
  name = 'CatalogKits1700000000520';

  /** The catalog's kits (KitDefined): a kit has no stock of its own, so it is never bought. */
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE catalog_kits (sku text PRIMARY KEY)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE catalog_kits`);
  }
}
