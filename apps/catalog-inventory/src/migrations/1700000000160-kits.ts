import { MigrationInterface, QueryRunner } from 'typeorm';

/** Kits: a SKU sold as a set of component SKUs, each so many units per kit. */
export class Kits1700000000160 implements MigrationInterface {
  name = 'Kits1700000000160';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE kit_components (
        kit_sku       text NOT NULL,
        component_sku text NOT NULL,
        qty           numeric(20, 4) NOT NULL CHECK (qty > 0),
        PRIMARY KEY (kit_sku, component_sku),
        CHECK (kit_sku <> component_sku)
      )`);
    await queryRunner.query(`CREATE INDEX kit_components_by_component ON kit_components (component_sku)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE kit_components`);
  }
}
