/** Something that runs SQL: a pg Pool or Client, or a TypeORM QueryRunner. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * The PostgreSQL event store's tables. `es_events` is append-only; its global order is
 * (transaction_id, global_position): readers only see transactions older than every one still
 * running, so a transaction that commits late can never slip in behind a reader's checkpoint.
 */
export const EVENT_STORE_SCHEMA = [
  `CREATE SEQUENCE IF NOT EXISTS es_position`,
  `CREATE TABLE IF NOT EXISTS es_streams (
     stream_id text PRIMARY KEY,
     revision  bigint NOT NULL,
     metadata  jsonb NOT NULL DEFAULT '{}'
   )`,
  `CREATE TABLE IF NOT EXISTS es_events (
     global_position bigint PRIMARY KEY DEFAULT nextval('es_position'),
     transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
     stream_id       text NOT NULL,
     stream_revision bigint NOT NULL,
     event_id        uuid NOT NULL UNIQUE,
     event_type      text NOT NULL,
     data            jsonb NOT NULL,
     metadata        jsonb NOT NULL DEFAULT '{}',
     recorded_at     timestamptz NOT NULL DEFAULT now(),
     UNIQUE (stream_id, stream_revision)
   )`,
  `CREATE INDEX IF NOT EXISTS es_events_global_order ON es_events (transaction_id, global_position)`,
];

export async function createEventStoreSchema(db: Queryable): Promise<void> {
  for (const statement of EVENT_STORE_SCHEMA) await db.query(statement);
}
