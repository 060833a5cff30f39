import { MigrationInterface, QueryRunner } from 'typeorm';

export class RefundsBeforeShipment1700000000340 implements MigrationInterface {
  name = 'RefundsBeforeShipment1700000000340';

  /**
   * A refund of units that never shipped takes them out of what is left to ship, so those units are
   * counted apart. Lines refunded before this change followed ordered − max(shipped, refunded): the
   * refunds beyond the shipped units were of unshipped ones. `to_ship` is the order-lines lib's
   * `toShip`, kept by PostgreSQL so a list can filter on it (order-store.int-spec.ts checks they agree).
   */
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE order_lines ADD COLUMN refunded_unshipped numeric(20, 4) NOT NULL DEFAULT 0`,
    );
    await queryRunner.query(`UPDATE order_lines SET refunded_unshipped = greatest(0, refunded - shipped)`);
    // A credit memo's line says whether its units had shipped; older lines followed the rule above.
    await queryRunner.query(`ALTER TABLE credit_memo_lines ADD COLUMN shipped boolean NOT NULL DEFAULT true`);
    await queryRunner.query(
      `ALTER TABLE order_lines ADD COLUMN to_ship numeric(20, 4)
         GENERATED ALWAYS AS (greatest(0, ordered - shipped - canceled - refunded_unshipped)) STORED`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE order_lines DROP COLUMN to_ship, DROP COLUMN refunded_unshipped`);
    await queryRunner.query(`ALTER TABLE credit_memo_lines DROP COLUMN shipped`);
  }
}
