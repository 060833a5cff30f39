import { DataSource } from 'typeorm';
import { DeadLetter } from '../consumer/dead-letter';

/** A dead letter as ops read it from the table: where it came from, which group, why, and its re-drives. */
export interface StoredDeadLetter {
  readonly id: string;
  readonly topic: string;
  readonly consumerGroup: string;
  readonly originalPartition: number;
  readonly originalOffset: string;
  readonly key: string | null;
  readonly eventId: string | null;
  readonly eventType: string | null;
  readonly reason: string;
  readonly error: string;
  readonly attempts: number;
  readonly failedAt: string;
  readonly redrivenAt: string | null;
  readonly redriveCount: number;
  /** The message as it was published, cut at 4,000 characters in lists. */
  readonly value: string | null;
}

export interface DeadLetterFilter {
  readonly topics: readonly string[];
  readonly groups: readonly string[];
  readonly reason?: string;
  readonly eventType?: string;
  /** true: only letters re-driven since they failed; false: only those that were not. */
  readonly redriven?: boolean;
}

interface Row {
  id: string;
  consumer_group: string;
  topic: string;
  partition: number;
  offset: string;
  message_key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  event_id: string | null;
  event_type: string | null;
  reason: string;
  error: string;
  attempts: number;
  failed_at: Date;
  redriven_at: Date | null;
  redrive_count: number;
}

/** PostgreSQL text and jsonb cannot hold NUL: a hostile message's is kept as U+FFFD. */
const pgText = (text: string) => text.replaceAll('\u0000', '\uFFFD');
const pgTextOrNull = (text: string | null | undefined) => (text == null ? null : pgText(text));

const toView = (row: Row, valueChars = Infinity): StoredDeadLetter => ({
  id: row.id,
  topic: row.topic,
  consumerGroup: row.consumer_group,
  originalPartition: row.partition,
  originalOffset: String(row.offset),
  key: row.message_key,
  eventId: row.event_id,
  eventType: row.event_type,
  reason: row.reason,
  error: row.error,
  attempts: row.attempts,
  failedAt: row.failed_at.toISOString(),
  redrivenAt: row.redriven_at?.toISOString() ?? null,
  redriveCount: row.redrive_count,
  value: row.value === null ? null : row.value.toString().slice(0, valueChars),
});

/**
 * The `dead_letters` table of a service (DeadLetters1700000000003): written when a consumer gives
 * up on a message, before the letter goes to `<topic>.dlq`; read page by page, newest first.
 */
export class DeadLetterStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Records the letter; the same message dead-lettered again by the same group updates its row. */
  async record(letter: DeadLetter): Promise<void> {
    const { topic, partition, offset, key } = letter.position;
    await this.dataSource.query(
      `INSERT INTO dead_letters (consumer_group, topic, partition, "offset", message_key, value, headers,
                                 event_id, event_type, reason, error, attempts, failed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (consumer_group, topic, partition, "offset") DO UPDATE
         SET reason = excluded.reason, error = excluded.error, attempts = excluded.attempts,
             failed_at = excluded.failed_at`,
      [
        letter.groupId,
        topic,
        partition,
        offset,
        pgTextOrNull(key),
        letter.value,
        Object.fromEntries(
          Object.entries(letter.headers).map(([name, value]) => [pgText(name), pgText(value)]),
        ),
        pgTextOrNull(letter.headers['event-id']),
        pgTextOrNull(letter.headers['event-type']),
        pgText(letter.reason),
        pgText(letter.error.slice(0, 4000)),
        letter.attempts,
        letter.failedAt,
      ],
    );
  }

  /** A page, newest first: `before` is the id of the last letter of the previous page. */
  async list(filter: DeadLetterFilter, limit: number, before?: string): Promise<StoredDeadLetter[]> {
    const { where, params } = this.where(filter);
    if (before !== undefined) {
      params.push(before);
      where.push(`id < $${params.length}`);
    }
    params.push(limit);
    const rows: Row[] = await this.dataSource.query(
      `SELECT * FROM dead_letters WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((row) => toView(row, 4_000));
  }

  async count(filter: DeadLetterFilter): Promise<number> {
    const { where, params } = this.where(filter);
    const [{ count }] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM dead_letters WHERE ${where.join(' AND ')}`,
      params,
    );
    return count;
  }

  /** The whole letter with its headers, for a re-drive; undefined when there is none. */
  async find(
    id: string,
    groups: readonly string[],
  ): Promise<(StoredDeadLetter & { headers: Record<string, string> }) | undefined> {
    const [row]: Row[] = await this.dataSource.query(
      `SELECT * FROM dead_letters WHERE id = $1 AND consumer_group = ANY($2)`,
      [id, groups],
    );
    return row && { ...toView(row), headers: row.headers };
  }

  async markRedriven(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE dead_letters SET redriven_at = now(), redrive_count = redrive_count + 1 WHERE id = $1`,
      [id],
    );
  }

  private where(filter: DeadLetterFilter) {
    const params: unknown[] = [filter.topics, filter.groups];
    const where = ['topic = ANY($1)', 'consumer_group = ANY($2)'];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.reason !== undefined) add('reason = ?', filter.reason);
    if (filter.eventType !== undefined) add('event_type = ?', filter.eventType);
    if (filter.redriven === true) where.push('redriven_at IS NOT NULL');
    if (filter.redriven === false) where.push('redriven_at IS NULL');
    return { where, params };
  }
}
