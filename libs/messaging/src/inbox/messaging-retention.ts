import { Logger } from '@nestjs/common';
import { LoopHealth } from '@inventory/observability';
import { DataSource } from 'typeorm';

export interface MessagingRetentionOptions {
  /**
   * Inbox rows (event ids already applied) older than this are deleted. It must exceed the
   * retention of the topics (7 days) by a margin: a message can only come again while a topic
   * still holds it, or by a re-drive of a letter younger than this (older ones are refused).
   */
  readonly inboxDays: number;
  /** Dead letters older than this are deleted from the table (the DLQ topics keep 7 days). */
  readonly deadLetterDays: number;
  /** How often the pruning runs. */
  readonly intervalMs: number;
  /** A service's own history tables, pruned by the same loop (a movement log, say). */
  readonly history?: readonly HistoryRetention[];
}

/** Rows of `table` whose `column` (a timestamp) is older than `days` are deleted. */
export interface HistoryRetention {
  readonly table: string;
  readonly column: string;
  readonly days: number;
}

export function messagingRetentionFromEnv(env: NodeJS.ProcessEnv = process.env): MessagingRetentionOptions {
  return {
    inboxDays: Number(env.INBOX_RETENTION_DAYS ?? 14),
    deadLetterDays: Number(env.DEAD_LETTER_RETENTION_DAYS ?? 90),
    intervalMs: Number(env.MESSAGING_PRUNE_INTERVAL_MS ?? 3_600_000),
  };
}

const BATCH = 10_000;
const LOOP = 'messaging-retention';

/**
 * Deletes what the inbox and the dead-letter table no longer need, a batch at a time so no
 * statement holds locks for long; runs every `intervalMs`, reports to LoopHealth and tries again at
 * the next round when the database is away.
 */
export class MessagingRetention {
  private readonly logger = new Logger(MessagingRetention.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: MessagingRetentionOptions,
    private readonly loops?: LoopHealth,
  ) {}

  start(): void {
    const run = async () => {
      try {
        const pruned = await this.pruneOnce();
        this.loops?.ok(LOOP);
        const history = Object.entries(pruned.history).filter(([, rows]) => rows > 0);
        if (pruned.inbox || pruned.deadLetters || history.length)
          this.logger.log(
            `Pruned ${pruned.inbox} inbox rows, ${pruned.deadLetters} dead letters` +
              history.map(([table, rows]) => `, ${rows} rows of ${table}`).join(''),
          );
      } catch (error) {
        this.loops?.failed(LOOP, error);
        this.logger.warn(`Pruning failed (tried again in ${this.options.intervalMs} ms): ${error}`);
      }
      this.timer = setTimeout(run, this.options.intervalMs);
      this.timer.unref();
    };
    this.timer = setTimeout(run, Math.min(60_000, this.options.intervalMs));
    this.timer.unref();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.loops?.stopped(LOOP);
  }

  async pruneOnce(): Promise<{ inbox: number; deadLetters: number; history: Record<string, number> }> {
    const inbox = await this.deleteOlder('processed_events', 'processed_at', this.options.inboxDays);
    const deadLetters = await this.deleteOlder('dead_letters', 'failed_at', this.options.deadLetterDays);
    // Each history table on its own: one that fails leaves the others pruned, and the loop reports it.
    const history: Record<string, number> = {};
    const failures: string[] = [];
    for (const { table, column, days } of this.options.history ?? []) {
      try {
        history[table] = await this.deleteOlder(table, column, days);
      } catch (error) {
        failures.push(`${table}: ${error}`);
      }
    }
    if (failures.length) throw new Error(`Pruning failed for ${failures.join('; ')}`);
    return { inbox, deadLetters, history };
  }

  private async deleteOlder(table: string, column: string, days: number): Promise<number> {
    let total = 0;
    for (;;) {
      const [, deleted]: [unknown, number] = await this.dataSource.query(
        `DELETE FROM ${table} WHERE ctid = ANY(ARRAY(
           SELECT ctid FROM ${table} WHERE ${column} < now() - make_interval(days => $1) LIMIT ${BATCH}))`,
        [days],
      );
      total += deleted;
      if (deleted < BATCH) return total;
    }
  }
}

/**
 * Days to keep a history table, from the environment: a whole number of at least 1, else the
 * service does not start (an empty or mistyped value must not empty the table every hour).
 */
export function retentionDaysFromEnv(
  variable: string,
  fallback: number,
  env: NodeJS.ProcessEnv = process.env,
): number {
  const text = env[variable];
  if (text === undefined) return fallback;
  const days = Number(text);
  if (!Number.isInteger(days) || days < 1)
    throw new Error(`${variable} must be a whole number of days, at least 1: "${text}"`);
  return days;
}
