import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tables a {@link StoreProjector} keeps: each projection's checkpoint (its last applied
 * position and batch number) and the events it parked. The reservation service made them in its
 * own migrations before they were shared; this one makes them in a new service's database.
 */
export class ProjectionTables1700000000080 implements MigrationInterface {
  name = 'ProjectionTables1700000000080';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS projection_checkpoints (
        name       text PRIMARY KEY,
        position   text,
        sequence   bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS parked_events (
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
      `CREATE INDEX IF NOT EXISTS parked_events_open ON parked_events (projection, stream_id, revision)
        WHERE resolved_at IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE parked_events, projection_checkpoints`);
  }
}
