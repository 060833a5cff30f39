import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Transfers between sources: units in transit from the moment they leave the origin until they are
 * received (in parts) at the destination or the transfer is canceled.
 */
export class Transfers1700000000150 implements MigrationInterface {
  name = 'Transfers1700000000150';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE transfers (
        transfer_id      text PRIMARY KEY,
        from_source_code text NOT NULL REFERENCES sources (code),
        to_source_code   text NOT NULL REFERENCES sources (code),
        expected_at      timestamptz,
        status           text NOT NULL
                         CHECK (status IN ('in_transit', 'partially_received', 'received', 'canceled')),
        -- The request that created it: the same transferId again must say the same.
        request          jsonb NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        CHECK (from_source_code <> to_source_code)
      )`);
    await queryRunner.query(`CREATE INDEX transfers_newest ON transfers (created_at DESC, transfer_id)`);
    await queryRunner.query(`
      CREATE TABLE transfer_lines (
        transfer_id text NOT NULL REFERENCES transfers (transfer_id),
        sku         text NOT NULL,
        qty         numeric(20, 4) NOT NULL CHECK (qty > 0),
        received    numeric(20, 4) NOT NULL DEFAULT 0 CHECK (received >= 0),
        damaged     numeric(20, 4) NOT NULL DEFAULT 0 CHECK (damaged >= 0),
        returned    numeric(20, 4) NOT NULL DEFAULT 0 CHECK (returned >= 0),
        PRIMARY KEY (transfer_id, sku),
        CHECK (received + returned <= qty AND damaged <= received)
      )`);
    await queryRunner.query(`CREATE INDEX transfer_lines_by_sku ON transfer_lines (sku)`);
    await queryRunner.query(`
      CREATE TABLE transfer_receipts (
        receipt_id  text PRIMARY KEY,
        transfer_id text NOT NULL REFERENCES transfers (transfer_id),
        request     jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE transfer_receipts`);
    await queryRunner.query(`DROP TABLE transfer_lines`);
    await queryRunner.query(`DROP TABLE transfers`);
  }
}
