import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Inventory states beside the sellable quantity, the adjustments that move units between them,
 * and the movement log: one row per change of one state of one source item, from any cause.
 */
export class InventoryStates1700000000140 implements MigrationInterface {
  name = 'InventoryStates1700000000140';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE source_items
        ADD COLUMN damaged         numeric(20, 4) NOT NULL DEFAULT 0 CHECK (damaged >= 0),
        ADD COLUMN quality_control numeric(20, 4) NOT NULL DEFAULT 0 CHECK (quality_control >= 0),
        ADD COLUMN safety_stock    numeric(20, 4) NOT NULL DEFAULT 0 CHECK (safety_stock >= 0)`);
    await queryRunner.query(`
      CREATE TABLE source_item_movements (
        id                 bigserial PRIMARY KEY,
        at                 timestamptz NOT NULL DEFAULT now(),
        sku                text NOT NULL,
        source_code        text NOT NULL,
        state              text NOT NULL,
        delta              numeric(20, 4) NOT NULL,
        quantity_after     numeric(20, 4) NOT NULL,
        cause              text NOT NULL,
        reason             text NOT NULL,
        reference_document text,
        document_id        text,
        note               text
      )`);
    await queryRunner.query(
      `CREATE INDEX source_item_movements_by_item ON source_item_movements (sku, source_code, id DESC)`,
    );
    // An adjustment's request and what it answered: the same adjustmentId again gets this answer.
    await queryRunner.query(`
      CREATE TABLE adjustments (
        adjustment_id text PRIMARY KEY,
        request       jsonb NOT NULL,
        answer        jsonb,
        created_at    timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE adjustments`);
    await queryRunner.query(`DROP TABLE source_item_movements`);
    await queryRunner.query(
      `ALTER TABLE source_items DROP COLUMN damaged, DROP COLUMN quality_control, DROP COLUMN safety_stock`,
    );
  }
}
