import { MigrationInterface, QueryRunner } from 'typeorm';

export class ParkedEvents1700000000240 implements MigrationInterface {
  name = 'ParkedEvents1700000000240';

  /**
   * Events the salable projection set aside after its retries, so the rest go on. While a stream has
   * an unresolved parked event, its later events are parked behind it (a SKU's state must not skip
   * one); a re-drive applies them again in stream order.
   */
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE parked_events (
        id          bigserial PRIMARY KEY,
        projection  text NOT NULL,
        stream_id   text NOT NULL,
        revision    bigint NOT NULL,
        position    text NOT NULL,
        event_id    uuid NOT NULL,
        event_type  text NOT NULL,
        reason      text NOT NULL,
        error       text NOT NULL,
        attempts    int NOT NULL,
        parked_at   timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz,
        UNIQUE (projection, event_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX parked_events_open ON parked_events (projection, stream_id, revision) WHERE resolved_at IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE parked_events`);
  }
}
