import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dead letters kept in the service's own database as well as on `<topic>.dlq`: the topic's
 * retention (7 days) would lose them, and listing them meant reading whole topics. One row per
 * message and group: a message dead-lettered again (after a crash, or a re-drive refused again)
 * updates its row. The value is kept as the bytes that came (a hostile message may hold any);
 * text columns get U+FFFD for a NUL, which PostgreSQL text cannot hold. Also indexes the inbox by age, for its pruning (MessagingRetention).
 */
export class DeadLetters1700000000003 implements MigrationInterface {
  name = 'DeadLetters1700000000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE dead_letters (
        id                 bigserial PRIMARY KEY,
        consumer_group     text NOT NULL,
        topic              text NOT NULL,
        partition          integer NOT NULL,
        "offset"           bigint NOT NULL,
        message_key        text,
        value              bytea,
        headers            jsonb NOT NULL,
        event_id           text,
        event_type         text,
        reason             text NOT NULL,
        error              text NOT NULL,
        attempts           integer NOT NULL,
        failed_at          timestamptz NOT NULL,
        redriven_at        timestamptz,
        redrive_count      integer NOT NULL DEFAULT 0,
        UNIQUE (consumer_group, topic, partition, "offset")
      )`);
    await queryRunner.query(`CREATE INDEX dead_letters_failed_at ON dead_letters (failed_at)`);
    await queryRunner.query(`CREATE INDEX processed_events_processed_at ON processed_events (processed_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX processed_events_processed_at`);
    await queryRunner.query(`DROP TABLE dead_letters`);
  }
}
