import { Pool, PoolClient } from 'pg';
import {
  AppendResult,
  DuplicateEventIdError,
  EventStore,
  ExpectedRevision,
  NewEvent,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  START,
  StreamAppend,
  SubscribeToAllOptions,
  Subscription,
  WrongExpectedRevisionError,
  revisionMatches,
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

/** The default event store: one PostgreSQL database, schema from createEventStoreSchema(). */
export class PostgresEventStore implements EventStore {
  private readonly subscriptions = new Set<PostgresSubscription>();

  constructor(private readonly pool: Pool) {}

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    { expectedRevision }: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    const [result] = await this.appendToStreams([{ streamId, events, expectedRevision }]);
    return result;
  }

  async appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const results = await this.appendInTransaction(client, appends);
      await client.query('COMMIT');
      return results;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async appendInTransaction(
    client: PoolClient,
    appends: readonly StreamAppend[],
  ): Promise<AppendResult[]> {
    const streamIds = [...new Set(appends.map((append) => append.streamId))];
    if (streamIds.length !== appends.length)
      throw new Error('Each stream may appear once in a multi-stream append');
    await lockStreams(client, streamIds);

    const revisions = await currentRevisions(client, streamIds);
    const existing = await recordedEventIds(
      client,
      appends.flatMap((append) => append.events.map((event) => event.eventId)),
    );

    const rows: unknown[][] = [[], [], [], [], [], []];
    const results = appends.map((append): AppendResult => {
      const actual = revisions.get(append.streamId) ?? 'no_stream';
      const retried = append.events.filter((event) => existing.has(event.eventId));
      if (retried.length > 0) return idempotentRetry(append, retried, existing);
      if (!revisionMatches(append.expectedRevision, actual)) {
        throw new WrongExpectedRevisionError(append.streamId, append.expectedRevision, actual);
      }
      let revision = actual === 'no_stream' ? -1 : actual;
      for (const event of append.events) {
        revision++;
        rows[0].push(append.streamId);
        rows[1].push(revision);
        rows[2].push(event.eventId);
        rows[3].push(event.type);
        rows[4].push(JSON.stringify(event.data));
        rows[5].push(JSON.stringify(event.metadata ?? {}));
      }
      return { nextRevision: revision, appended: append.events.length > 0 };
    });

    if (rows[0].length > 0) {
      await client.query(
        `INSERT INTO es_events (stream_id, stream_revision, event_id, event_type, data, metadata)
         SELECT s, r, e, t, d::jsonb, m::jsonb
           FROM unnest($1::text[], $2::bigint[], $3::uuid[], $4::text[], $5::text[], $6::text[])
                WITH ORDINALITY AS u(s, r, e, t, d, m, n)
          ORDER BY n`,
        rows,
      );
      const written = appends
        .map((append, index) => [append.streamId, results[index]] as const)
        .filter(([, r]) => r.appended);
      await client.query(
        `INSERT INTO es_streams (stream_id, revision) SELECT * FROM unnest($1::text[], $2::bigint[])
         ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision`,
        [written.map(([streamId]) => streamId), written.map(([, result]) => result.nextRevision)],
      );
      await client.query(`SELECT pg_notify($1, '')`, [NOTIFY_CHANNEL]);
    }
    return results;
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

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.readAllFrom(options.fromPosition ?? START, true, options.maxCount ?? 1_000);
  }

  /** Events in global order from `position` (inclusive or not), committed before every running transaction. */
  async readAllFrom(position: Position, inclusive: boolean, maxCount: number): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM es_events
        WHERE (transaction_id, global_position) ${inclusive ? '>=' : '>'} ($1::text::xid8, $2::bigint)
          AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
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
 * Transaction-scoped advisory locks, one per stream, taken in one order by every writer. They
 * are taken before the transaction writes anything, so the writer of revision n+1 gets its
 * transaction id after the writer of revision n committed: the global order keeps stream order.
 */
async function lockStreams(client: PoolClient, streamIds: readonly string[]): Promise<void> {
  const { rows } = await client.query<{ key: string }>(
    `SELECT DISTINCT hashtextextended(s, 0)::text AS key FROM unnest($1::text[]) AS s`,
    [streamIds],
  );
  const keys = rows.map((row) => BigInt(row.key)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const key of keys) await client.query(`SELECT pg_advisory_xact_lock($1::bigint)`, [key.toString()]);
}

async function currentRevisions(
  client: PoolClient,
  streamIds: readonly string[],
): Promise<Map<string, number>> {
  const { rows } = await client.query<{ stream_id: string; revision: string }>(
    `SELECT stream_id, revision FROM es_streams WHERE stream_id = ANY($1) AND revision >= 0`,
    [streamIds],
  );
  return new Map(rows.map((row) => [row.stream_id, Number(row.revision)]));
}

interface Recorded {
  streamId: string;
  revision: number;
}

async function recordedEventIds(
  client: PoolClient,
  eventIds: readonly string[],
): Promise<Map<string, Recorded>> {
  if (eventIds.length === 0) return new Map();
  const { rows } = await client.query<{ event_id: string; stream_id: string; stream_revision: string }>(
    `SELECT event_id, stream_id, stream_revision FROM es_events WHERE event_id = ANY($1::uuid[])`,
    [eventIds],
  );
  return new Map(
    rows.map((row) => [row.event_id, { streamId: row.stream_id, revision: Number(row.stream_revision) }]),
  );
}

/** Every event already in this stream: the earlier append succeeded, so this one is a no-op. */
function idempotentRetry(
  append: StreamAppend,
  retried: readonly NewEvent[],
  existing: Map<string, Recorded>,
): AppendResult {
  const records = append.events.map((event) => existing.get(event.eventId));
  const complete =
    retried.length === append.events.length && records.every((r) => r?.streamId === append.streamId);
  if (!complete)
    throw new DuplicateEventIdError(
      append.streamId,
      retried.map((event) => event.eventId),
    );
  return { nextRevision: Math.max(...records.map((record) => record!.revision)), appended: false };
}
