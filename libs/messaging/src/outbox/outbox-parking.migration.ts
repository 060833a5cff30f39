import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An outbox row the broker refuses for good (too large, an invalid record) is parked with its
 * error instead of blocking every row behind it; the relay skips parked rows.
 */
export class OutboxParking1700000000002 implements MigrationInterface {
  name = 'OutboxParking1700000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE outbox ADD COLUMN parked_at timestamptz, ADD COLUMN error text`);
    await queryRunner.query(`DROP INDEX outbox_unpublished`);
    await queryRunner.query(
      `CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL AND parked_at IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX outbox_unpublished`);
    await queryRunner.query(`CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL`);
    await queryRunner.query(`ALTER TABLE outbox DROP COLUMN parked_at, DROP COLUMN error`);
  }
}
