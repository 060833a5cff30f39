import { MigrationInterface, QueryRunner } from 'typeorm';

export class StocksAndSettings1700000000110 implements MigrationInterface {
  name = 'StocksAndSettings1700000000110';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE stocks (
        id         integer PRIMARY KEY CHECK (id > 0),
        name       text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE stock_source_links (
        stock_id    integer NOT NULL REFERENCES stocks (id) ON DELETE CASCADE,
        source_code text NOT NULL REFERENCES sources (code),
        priority    integer NOT NULL CHECK (priority >= 0),
        PRIMARY KEY (stock_id, source_code)
      )`);
    // A sales channel belongs to exactly one stock: the primary key says so.
    await queryRunner.query(`
      CREATE TABLE sales_channels (
        code     text PRIMARY KEY,
        stock_id integer NOT NULL REFERENCES stocks (id) ON DELETE CASCADE
      )`);
    // The Default Stock (id 1) with the Default Source and the `base` website.
    await queryRunner.query(`INSERT INTO stocks (id, name) VALUES (1, 'Default Stock')`);
    await queryRunner.query(
      `INSERT INTO stock_source_links (stock_id, source_code, priority) VALUES (1, 'default', 1)`,
    );
    await queryRunner.query(`INSERT INTO sales_channels (code, stock_id) VALUES ('base', 1)`);
    // Stored settings hold only what was set; resolution adds the level below (null = use global).
    await queryRunner.query(`
      CREATE TABLE inventory_settings (
        scope      text PRIMARY KEY,
        settings   jsonb NOT NULL DEFAULT '{}',
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`INSERT INTO inventory_settings (scope) VALUES ('global')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE inventory_settings`);
    await queryRunner.query(`DROP TABLE sales_channels`);
    await queryRunner.query(`DROP TABLE stock_source_links`);
    await queryRunner.query(`DROP TABLE stocks`);
  }
}
