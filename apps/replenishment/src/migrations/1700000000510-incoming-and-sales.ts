import { MigrationInterface, QueryRunner } from 'typeorm';

export class IncomingAndSales1700000000510 implements MigrationInterface {
  name = 'IncomingAndSales1700000000510';

  /**
   * What incoming and reorder suggestions are computed from, copied from the other services:
   * transfers in transit per line (the catalog's transfer events), each source item's available
   * quantity and safety stock (SourceItemsSaved), and the units shipped per SKU, source and day
   * (fulfillment's ShipmentCreated), kept 35 days: the 28-day window and a margin.
   */
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE transfer_lines (
        transfer_id      text NOT NULL,
        sku              text NOT NULL,
        from_source_code text NOT NULL,
        to_source_code   text NOT NULL,
        in_transit       numeric(20, 4) NOT NULL,
        expected_at      text,
        PRIMARY KEY (transfer_id, sku)
      )`);
    await queryRunner.query(
      `CREATE INDEX transfer_lines_in_transit ON transfer_lines (sku) WHERE in_transit > 0`,
    );
    await queryRunner.query(`
      CREATE TABLE source_items (
        sku          text NOT NULL,
        source_code  text NOT NULL,
        quantity     numeric(20, 4) NOT NULL,
        safety_stock numeric(20, 4) NOT NULL DEFAULT 0,
        PRIMARY KEY (sku, source_code)
      )`);
    await queryRunner.query(`CREATE INDEX source_items_by_source ON source_items (source_code, sku)`);
    await queryRunner.query(`
      CREATE TABLE shipped_units (
        day         date NOT NULL,
        sku         text NOT NULL,
        source_code text NOT NULL,
        qty         numeric(20, 4) NOT NULL,
        PRIMARY KEY (day, sku, source_code)
      )`);
    await queryRunner.query(`CREATE INDEX shipped_units_by_source ON shipped_units (source_code, sku, day)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE shipped_units, source_items, transfer_lines`);
  }
}
