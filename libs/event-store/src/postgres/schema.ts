/** Something that runs SQL: a pg Pool or Client, or a TypeORM QueryRunner. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * One append, any number of streams, in one round trip (and so one implicit transaction):
 * fail at once when a stream has already moved past the expected revision (es_raise_if_behind:
 * a stream that has moved on only moves further, so this is safe without the lock), lock the
 * streams in name order, treat a batch whose ids are all already in the stream as done,
 * check each expected revision ('any', 'no_stream', 'stream_exists' or a number), write.
 * Refusals are errors with SQLSTATE ES001 (wrong expected revision; DETAIL is JSON with the
 * stream and its actual revision) or ES002 (duplicate event id; DETAIL is the stream).
 */
const RAISE_IF_BEHIND_FUNCTION = `
CREATE OR REPLACE FUNCTION es_raise_if_behind(
  p_stream_ids text[], p_expected text[], p_counts int[], p_event_ids uuid[]
) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  i int;
  first int := 1;
  n int;
  actual bigint;
BEGIN
  FOR i IN 1 .. coalesce(array_length(p_stream_ids, 1), 0) LOOP
    n := p_counts[i];
    IF p_expected[i] ~ '^[0-9]+$' THEN
      SELECT st.revision INTO actual FROM es_streams st WHERE st.stream_id = p_stream_ids[i] AND st.revision >= 0;
      IF actual > p_expected[i]::bigint
         AND NOT EXISTS (SELECT 1 FROM es_events e WHERE e.event_id = ANY (p_event_ids[first : first + n - 1])) THEN
        RAISE EXCEPTION USING ERRCODE = 'ES001', MESSAGE = 'wrong expected revision',
          DETAIL = json_build_object('streamId', p_stream_ids[i], 'actual', actual)::text;
      END IF;
    END IF;
    first := first + n;
  END LOOP;
END
$fn$`;

/** ES001 unless a stream at `actual` (NULL: no stream) satisfies `expected`. */
const CHECK_REVISION_FUNCTION = `
CREATE OR REPLACE FUNCTION es_check_revision(p_stream_id text, p_expected text, p_actual bigint)
RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
  -- coalesce: a comparison with a missing stream's NULL revision must count as a mismatch.
  IF NOT coalesce(p_expected = 'any'
          OR (p_expected = 'no_stream' AND p_actual IS NULL)
          OR (p_expected = 'stream_exists' AND p_actual IS NOT NULL)
          OR (p_expected ~ '^[0-9]+$' AND p_actual = p_expected::bigint), false) THEN
    RAISE EXCEPTION USING ERRCODE = 'ES001', MESSAGE = 'wrong expected revision',
      DETAIL = json_build_object('streamId', p_stream_id, 'actual', p_actual)::text;
  END IF;
END
$fn$`;

const APPEND_FUNCTION = `
CREATE OR REPLACE FUNCTION es_append(
  p_stream_ids text[], p_expected text[], p_counts int[],
  p_event_ids uuid[], p_types text[], p_data jsonb[], p_metadata jsonb[]
) RETURNS TABLE (r_stream_id text, r_next_revision bigint, r_appended boolean)
LANGUAGE plpgsql AS $fn$
DECLARE
  lock_name text;
  i int;
  first int := 1;
  n int;
  s text;
  expected text;
  actual bigint;
  found_total int;
  found_here int;
  found_max bigint;
  actuals bigint[];
  k int;
  event_streams text[] := '{}';
  event_revisions bigint[] := '{}';
  written_streams text[] := '{}';
  written_revisions bigint[] := '{}';
  any_recorded boolean := false;
  any_written boolean := false;
BEGIN
  PERFORM es_raise_if_behind(p_stream_ids, p_expected, p_counts, p_event_ids);
  FOR lock_name IN SELECT DISTINCT x FROM unnest(p_stream_ids) AS x ORDER BY 1 LOOP
    -- Rather than queue behind the writer holding the lock (and be woken one by one after it
    -- commits, only to fail), wait in short naps and give up as soon as the stream has moved on.
    WHILE NOT pg_try_advisory_xact_lock(hashtextextended(lock_name, 0)) LOOP
      PERFORM es_raise_if_behind(p_stream_ids, p_expected, p_counts, p_event_ids);
      PERFORM pg_sleep(0.0002);
    END LOOP;
  END LOOP;
  -- Fast path, every append but a retry: no id is recorded yet. One query reads the revisions of
  -- all streams, one INSERT writes all events and one upsert all streams, however many streams.
  IF NOT EXISTS (SELECT 1 FROM es_events e WHERE e.event_id = ANY (p_event_ids)) THEN
    SELECT array_agg(st.revision ORDER BY x.i) INTO actuals
      FROM unnest(p_stream_ids) WITH ORDINALITY AS x(s, i)
      LEFT JOIN es_streams st ON st.stream_id = x.s AND st.revision >= 0;
    FOR i IN 1 .. coalesce(array_length(p_stream_ids, 1), 0) LOOP
      s := p_stream_ids[i];
      n := p_counts[i];
      expected := p_expected[i];
      actual := actuals[i];
      PERFORM es_check_revision(s, expected, actual);
      actual := coalesce(actual, -1);
      FOR k IN 1 .. n LOOP
        event_streams := event_streams || s;
        event_revisions := event_revisions || (actual + k);
      END LOOP;
      IF n > 0 THEN
        written_streams := written_streams || s;
        written_revisions := written_revisions || (actual + n);
      END IF;
      r_stream_id := s; r_next_revision := actual + n; r_appended := n > 0;
      RETURN NEXT;
    END LOOP;
    INSERT INTO es_events (stream_id, stream_revision, event_id, event_type, data, metadata)
      SELECT u.s, u.r, u.id, u.t, u.d, u.m
        FROM unnest(event_streams, event_revisions, p_event_ids, p_types, p_data, p_metadata)
             WITH ORDINALITY AS u(s, r, id, t, d, m, o)
       ORDER BY u.o;
    INSERT INTO es_streams AS st (stream_id, revision)
      SELECT * FROM unnest(written_streams, written_revisions)
      ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision;
    RETURN;
  END IF;
  -- A retry (some ids recorded): stream by stream, telling a whole batch already recorded apart
  -- from ids recorded elsewhere.
  FOR i IN 1 .. coalesce(array_length(p_stream_ids, 1), 0) LOOP
    s := p_stream_ids[i];
    n := p_counts[i];
    expected := p_expected[i];
    SELECT count(*), count(*) FILTER (WHERE e.stream_id = s), max(e.stream_revision)
      INTO found_total, found_here, found_max
      FROM es_events e WHERE e.event_id = ANY (p_event_ids[first : first + n - 1]);
    IF found_total > 0 THEN
      IF found_total = n AND found_here = n THEN
        any_recorded := true;
        IF any_written THEN
          RAISE EXCEPTION USING ERRCODE = 'ES002', MESSAGE = 'duplicate event id', DETAIL = s;
        END IF;
        r_stream_id := s; r_next_revision := found_max; r_appended := false;
        RETURN NEXT;
        first := first + n;
        CONTINUE;
      END IF;
      RAISE EXCEPTION USING ERRCODE = 'ES002', MESSAGE = 'duplicate event id', DETAIL = s;
    END IF;
    SELECT st.revision INTO actual FROM es_streams st WHERE st.stream_id = s AND st.revision >= 0;
    PERFORM es_check_revision(s, expected, actual);
    actual := coalesce(actual, -1);
    -- Some streams of this append recorded before and others not: a retry that decided
    -- differently, refused whole (the caller treats the cause as already recorded).
    IF n > 0 THEN
      any_written := true;
      IF any_recorded THEN
        RAISE EXCEPTION USING ERRCODE = 'ES002', MESSAGE = 'duplicate event id', DETAIL = s;
      END IF;
    END IF;
    -- (The series is g.j, not k: a column named like the variable k is ambiguous to PL/pgSQL.)
    INSERT INTO es_events (stream_id, stream_revision, event_id, event_type, data, metadata)
      SELECT s, actual + g.j, p_event_ids[first + g.j - 1], p_types[first + g.j - 1], p_data[first + g.j - 1],
             p_metadata[first + g.j - 1]
        FROM generate_series(1, n) AS g(j) ORDER BY g.j;
    IF n > 0 THEN
      INSERT INTO es_streams AS st (stream_id, revision) VALUES (s, actual + n)
        ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision;
    END IF;
    r_stream_id := s; r_next_revision := actual + n; r_appended := n > 0;
    RETURN NEXT;
    first := first + n;
  END LOOP;
END
$fn$`;

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
  RAISE_IF_BEHIND_FUNCTION,
  CHECK_REVISION_FUNCTION,
  APPEND_FUNCTION,
];

/** Re-creates the append function and its helper (for databases made before its fast path). */
export const EVENT_STORE_APPEND_FUNCTIONS = [CHECK_REVISION_FUNCTION, APPEND_FUNCTION];

export async function createEventStoreSchema(db: Queryable): Promise<void> {
  for (const statement of EVENT_STORE_SCHEMA) await db.query(statement);
}
