import { RecordedEvent, positionToString } from '@inventory/event-store';
import { ParkedEventView } from '../ops/parked-events';
import { EntityManager } from 'typeorm';

interface ParkedRow {
  id: string;
  projection: string;
  stream_id: string;
  revision: string;
  position: string;
  event_id: string;
  event_type: string;
  reason: string;
  error: string;
  attempts: number;
  parked_at: Date;
}

const toView = (row: ParkedRow): ParkedEventView => ({
  id: row.id,
  projection: row.projection,
  streamId: row.stream_id,
  revision: Number(row.revision),
  position: row.position,
  eventId: row.event_id,
  eventType: row.event_type,
  reason: row.reason,
  error: row.error,
  attempts: row.attempts,
  parkedAt: row.parked_at.toISOString(),
});

/** Why an event is parked: it failed, or an earlier event of its stream is parked. */
export type ParkReason = 'projection_failed' | 'stream_parked';

/** The parked events of one projection (table parked_events), in the caller's transaction. */
export class ParkedEventStore {
  constructor(private readonly projection: string) {}

  async park(
    tx: EntityManager,
    events: readonly RecordedEvent[],
    reason: ParkReason,
    error: string,
    attempts: number,
  ): Promise<void> {
    if (!events.length) return;
    await tx.query(
      `INSERT INTO parked_events (projection, stream_id, revision, position, event_id, event_type, reason, error, attempts)
       SELECT $1, * FROM unnest($2::text[], $3::bigint[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::int[])
       ON CONFLICT (projection, event_id) DO NOTHING`,
      [
        this.projection,
        events.map((e) => e.streamId),
        events.map((e) => e.revision),
        events.map((e) => positionToString(e.position)),
        events.map((e) => e.eventId),
        events.map((e) => e.type),
        events.map(() => reason),
        events.map(() => error.slice(0, 2_000)),
        events.map(() => attempts),
      ],
    );
  }

  /** Of these streams, those with an unresolved parked event. */
  async parkedStreams(tx: EntityManager, streamIds: readonly string[]): Promise<Set<string>> {
    const rows: { stream_id: string }[] = await tx.query(
      `SELECT DISTINCT stream_id FROM parked_events
        WHERE projection = $1 AND resolved_at IS NULL AND stream_id = ANY($2)`,
      [this.projection, [...new Set(streamIds)]],
    );
    return new Set(rows.map((row) => row.stream_id));
  }

  /** Unresolved parked events, oldest first: the first 1,000 of all, or every one of a stream. */
  async open(tx: EntityManager, streamId?: string): Promise<ParkedEventView[]> {
    const rows: ParkedRow[] = streamId
      ? await tx.query(
          `SELECT * FROM parked_events WHERE projection = $1 AND resolved_at IS NULL AND stream_id = $2
            ORDER BY revision`,
          [this.projection, streamId],
        )
      : await tx.query(
          `SELECT * FROM parked_events WHERE projection = $1 AND resolved_at IS NULL ORDER BY id LIMIT 1000`,
          [this.projection],
        );
    return rows.map(toView);
  }

  async find(tx: EntityManager, id: string): Promise<ParkedEventView | undefined> {
    const [row]: ParkedRow[] = await tx.query(
      `SELECT * FROM parked_events WHERE projection = $1 AND id = $2 AND resolved_at IS NULL`,
      [this.projection, id],
    );
    return row && toView(row);
  }

  async resolve(tx: EntityManager, ids: readonly string[]): Promise<void> {
    await tx.query(`UPDATE parked_events SET resolved_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
  }

  async failedAgain(tx: EntityManager, id: string, error: string): Promise<void> {
    await tx.query(`UPDATE parked_events SET attempts = attempts + 1, error = $2 WHERE id = $1`, [
      id,
      error.slice(0, 2_000),
    ]);
  }

  async count(tx: EntityManager): Promise<number> {
    const [{ n }] = await tx.query(
      `SELECT count(*)::int AS n FROM parked_events WHERE projection = $1 AND resolved_at IS NULL`,
      [this.projection],
    );
    return n;
  }
}
