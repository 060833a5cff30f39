import { Pool } from 'pg';
import {
  AppendResult,
  DuplicateEventIdError,
  EventStore,
  ExpectedRevision,
  NewEvent,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  StreamRead,
  lowestRevisions,
  RecordedEvent,
  START,
  StreamAppend,
  SubscribeToAllOptions,
  Subscription,
  WrongExpectedRevisionError,
} from '../event-store';
import { PostgresSubscription } from './postgres-subscription';

export const NOTIFY_CHANNEL = 'es_events';

interface EventRow {
  global_position: string;
  transaction_id: string;
  stream_id: string;
  stream_revision: string;
  event_id: string;
  event_type: string;
  data: unknown;
  metadata: Record<string, unknown>;
  recorded_at: Date;
}

const COLUMNS = `global_position, transaction_id, stream_id, stream_revision, event_id, event_type, data, metadata, recorded_at`;

const toRecorded = (row: EventRow): RecordedEvent => ({
  streamId: row.stream_id,
  revision: Number(row.stream_revision),
  position: { commit: BigInt(row.transaction_id), prepare: BigInt(row.global_position) },
  eventId: row.event_id,
  type: row.event_type,
  data: row.data,
  metadata: row.metadata,
  recordedAt: row.recorded_at,
});

/**
 * The oldest running transaction that may append to the event store: every running transaction
 * but those known to belong to sessions of another database or another role (a transaction whose
 * session has ended meanwhile counts: it may have written). When none, the snapshot's xmax.
 * Seeing other roles' sessions needs pg_read_all_stats (setup-infra grants it); without it they
 * count, which is only slower.
 */
const WRITERS_HORIZON = `
  SELECT coalesce(
    (SELECT min(x) FROM pg_snapshot_xip(pg_current_snapshot()) AS x
      WHERE x::xid NOT IN (
        SELECT backend_xid FROM pg_stat_activity
         WHERE backend_xid IS NOT NULL
           AND (datname IS DISTINCT FROM current_database() OR usename IS DISTINCT FROM current_user))),
    pg_snapshot_xmax(pg_current_snapshot()))`;

/** The default event store: one PostgreSQL database, schema from createEventStoreSchema(). */
export class PostgresEventStore implements EventStore {
  /** One transaction for every stream of an append. */
  readonly atomicMultiStreamAppends = true;
  private readonly subscriptions = new Set<PostgresSubscription>();

  private readonly notifier: AppendNotifier;

  constructor(private readonly pool: Pool) {
    this.notifier = new AppendNotifier(pool);
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    { expectedRevision }: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    const [result] = await this.appendToStreams([{ streamId, events, expectedRevision }]);
    return result;
  }

  async appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    if (new Set(appends.map((append) => append.streamId)).size !== appends.length) {
      throw new Error('Each stream may appear once in a multi-stream append');
    }
    const events = appends.flatMap((append) => append.events);
    // Our own client rather than pool.query: pg-pool destroys the connection of a query that
    // failed, and a refused append (a lost race) is an ordinary answer, not a broken connection.
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      const { rows } = await client.query<{ r_next_revision: string; r_appended: boolean }>(
        `SELECT * FROM es_append($1::text[], $2::text[], $3::int[], $4::uuid[], $5::text[], $6::jsonb[], $7::jsonb[])`,
        [
          appends.map((append) => append.streamId),
          appends.map((append) => String(append.expectedRevision)),
          appends.map((append) => append.events.length),
          events.map((event) => event.eventId),
          events.map((event) => event.type),
          events.map((event) => JSON.stringify(event.data)),
          events.map((event) => JSON.stringify(event.metadata ?? {})),
        ],
      );
      const results = rows.map((row) => ({
        nextRevision: Number(row.r_next_revision),
        appended: row.r_appended,
      }));
      if (results.some((result) => result.appended)) this.notifier.notify();
      return results;
    } catch (error) {
      const translated = translateAppendError(error, appends);
      if (translated === error) broken = error as Error;
      throw translated;
    } finally {
      client.release(broken);
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const conditions = ['stream_id = $1'];
    const parameters: unknown[] = [streamId];
    if (options.from !== undefined) {
      parameters.push(options.from);
      conditions.push(`stream_revision ${backwards ? '<=' : '>='} $${parameters.length}`);
    }
    if (options.to !== undefined) {
      parameters.push(options.to);
      conditions.push(`stream_revision ${backwards ? '>=' : '<='} $${parameters.length}`);
    }
    parameters.push(options.maxCount ?? null);
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM es_events WHERE ${conditions.join(' AND ')}
        ORDER BY stream_revision ${backwards ? 'DESC' : 'ASC'} LIMIT $${parameters.length}`,
      parameters,
    );
    return rows.map(toRecorded);
  }

  async readStreams(reads: readonly StreamRead[]): Promise<Map<string, RecordedEvent[]>> {
    const from = lowestRevisions(reads);
    const events = new Map<string, RecordedEvent[]>([...from.keys()].map((streamId) => [streamId, []]));
    if (!from.size) return events;
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM es_events e
         JOIN unnest($1::text[], $2::bigint[]) AS r(read_stream_id, from_revision)
           ON e.stream_id = r.read_stream_id AND e.stream_revision >= r.from_revision
        ORDER BY e.stream_id, e.stream_revision`,
      [[...from.keys()], [...from.values()]],
    );
    for (const row of rows) events.get(row.stream_id)?.push(toRecorded(row));
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const maxCount = options.maxCount ?? 1_000;
    if (options.afterPosition) return this.readAllFrom(options.afterPosition, false, maxCount);
    return this.readAllFrom(options.fromPosition ?? START, true, maxCount);
  }

  /**
   * Events in global order from `position` (inclusive or not), of transactions older than every
   * running transaction that could still append. Positions follow transaction ids, so a reader
   * must not pass a running writer: its events would land behind the reader. Only transactions of
   * this database's event-store role can write here (each service connects as its own role; an
   * operator's session is another role, another database is another world): a long transaction of
   * anyone else, a psql left open, a big import into another database, holds nothing back.
   */
  async readAllFrom(position: Position, inclusive: boolean, maxCount: number): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM es_events
        WHERE (transaction_id, global_position) ${inclusive ? '>=' : '>'} ($1::text::xid8, $2::bigint)
          AND transaction_id < (${WRITERS_HORIZON})
        ORDER BY transaction_id, global_position
        LIMIT $3`,
      [position.commit.toString(), position.prepare.toString(), maxCount],
    );
    return rows.map(toRecorded);
  }

  subscribeToAll(options: SubscribeToAllOptions): Subscription {
    const subscription = new PostgresSubscription(this, this.pool, options, () =>
      this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    subscription.start();
    return subscription;
  }

  async setStreamMetadata(streamId: string, metadata: Record<string, unknown>): Promise<void> {
    await this.pool.query(
      `INSERT INTO es_streams (stream_id, revision, metadata) VALUES ($1, -1, $2)
       ON CONFLICT (stream_id) DO UPDATE SET metadata = excluded.metadata`,
      [streamId, JSON.stringify(metadata)],
    );
  }

  async getStreamMetadata(streamId: string): Promise<Record<string, unknown>> {
    const { rows } = await this.pool.query<{ metadata: Record<string, unknown> }>(
      `SELECT metadata FROM es_streams WHERE stream_id = $1`,
      [streamId],
    );
    return rows[0]?.metadata ?? {};
  }

  /** Stops the subscriptions; the pool belongs to the caller. */
  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
  }
}

/**
 * Wakes subscribers after a commit. NOTIFY inside the append transaction would serialise every
 * commit on PostgreSQL's notification queue lock; sent afterwards and coalesced (one in flight,
 * at most one queued) it costs little. A lost notification only delays subscribers until their poll.
 */
class AppendNotifier {
  private inFlight = false;
  private queued = false;

  constructor(private readonly pool: Pool) {}

  notify(): void {
    if (this.inFlight) {
      this.queued = true;
      return;
    }
    this.inFlight = true;
    this.pool
      .query(`SELECT pg_notify($1, '')`, [NOTIFY_CHANNEL])
      .catch(() => undefined)
      .finally(() => {
        this.inFlight = false;
        if (this.queued) {
          this.queued = false;
          this.notify();
        }
      });
  }
}

/** Turns the append function's refusals into the port's typed errors. */
function translateAppendError(error: unknown, appends: readonly StreamAppend[]): unknown {
  const { code, detail, constraint } = error as { code?: string; detail?: string; constraint?: string };
  if (code === 'ES001' && detail) {
    const { streamId, actual } = JSON.parse(detail) as { streamId: string; actual: number | null };
    const expected = appends.find((append) => append.streamId === streamId)?.expectedRevision ?? 'any';
    return new WrongExpectedRevisionError(streamId, expected, actual === null ? 'no_stream' : actual);
  }
  if (code === 'ES002' && detail) {
    const append = appends.find((a) => a.streamId === detail);
    return new DuplicateEventIdError(detail, append?.events.map((event) => event.eventId) ?? []);
  }
  // Two concurrent appends of one new event id to different streams: the second hits the index.
  if (code === '23505' && constraint === 'es_events_event_id_key') {
    return new DuplicateEventIdError(
      appends.map((a) => a.streamId).join(', '),
      appends.flatMap((a) => a.events.map((e) => e.eventId)),
    );
  }
  return error;
}
