import { MigrationInterface, QueryRunner } from 'typeorm';

export class KitLines1700000000360 implements MigrationInterface {
  name = 'KitLines1700000000360';

  /**
   * An order's kit lines ship as their components: `kits` holds the recipes the reservation service
   * reserved them by (from OrderReservationPlaced), `kit_lines` the kit lines as ordered (SKU and
   * units) once their components replaced them in order_lines.
   */
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE orders ADD COLUMN kits jsonb, ADD COLUMN kit_lines jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE orders DROP COLUMN kits, DROP COLUMN kit_lines`);
  }
}
