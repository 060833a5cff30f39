import { adding, noUnits, splitRefund } from '@inventory/order-lines';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class RefundsBeforeShipment1700000000340 implements MigrationInterface {
  name = 'RefundsBeforeShipment1700000000340';

  /**
   * A refund of units that never shipped takes them out of what is left to ship, so those units are
   * counted apart; lines refunded before this change are counted again from their history.
   * `to_ship` is the order-lines lib's `toShip`, kept by PostgreSQL so a list can filter on it
   * (order-store.int-spec.ts checks they agree).
   */
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE order_lines ADD COLUMN refunded_unshipped numeric(20, 4) NOT NULL DEFAULT 0`,
    );
    await this.countRefundsBeforeShipment(queryRunner);
    // A credit memo's line says whether its units had shipped (older lines: true, as published then).
    await queryRunner.query(`ALTER TABLE credit_memo_lines ADD COLUMN shipped boolean NOT NULL DEFAULT true`);
    await queryRunner.query(
      `ALTER TABLE order_lines ADD COLUMN to_ship numeric(20, 4)
         GENERATED ALWAYS AS (greatest(0, ordered - shipped - canceled - refunded_unshipped)) STORED`,
    );
  }

  /**
   * Lines refunded so far, told apart by replaying their shipments and credit memos in the order
   * they were made, each refund taking shipped units first (splitRefund, the rule from now on).
   */
  private async countRefundsBeforeShipment(queryRunner: QueryRunner): Promise<void> {
    const lines: { order_id: string; sku: string }[] = await queryRunner.query(
      `SELECT order_id, sku FROM order_lines WHERE refunded > 0`,
    );
    for (const { order_id: orderId, sku } of lines) {
      const history: { kind: 'shipment' | 'refund'; qty: string }[] = await queryRunner.query(
        `SELECT 'shipment' AS kind, l.qty, s.created_at, 0 AS after
           FROM shipments s JOIN shipment_lines l USING (shipment_id) WHERE s.order_id = $1 AND l.sku = $2
         UNION ALL
         SELECT 'refund', l.qty, m.created_at, 1
           FROM credit_memos m JOIN credit_memo_lines l USING (credit_memo_id) WHERE m.order_id = $1 AND l.sku = $2
         ORDER BY created_at, after`,
        [orderId, sku],
      );
      let line = noUnits(Number.MAX_SAFE_INTEGER);
      for (const { kind, qty } of history) {
        if (kind === 'shipment') line = adding(line, 'shipped', Number(qty));
        else {
          const split = splitRefund(line, Number(qty)) ?? { shipped: 0, unshipped: Number(qty) };
          line = adding(adding(line, 'refundedShipped', split.shipped), 'refundedUnshipped', split.unshipped);
        }
      }
      await queryRunner.query(
        `UPDATE order_lines SET refunded_unshipped = $3 WHERE order_id = $1 AND sku = $2`,
        [orderId, sku, line.refundedUnshipped],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE order_lines DROP COLUMN to_ship, DROP COLUMN refunded_unshipped`);
    await queryRunner.query(`ALTER TABLE credit_memo_lines DROP COLUMN shipped`);
  }
}
