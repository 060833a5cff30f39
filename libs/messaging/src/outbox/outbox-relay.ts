import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { sleep } from '../consumer/retry-policy';
import { MessagePublisher, OutgoingMessage } from '../message-bus';
import { stateMessagesOf } from '../state-topics';
import { LoopHealth } from '@inventory/observability';

export interface OutboxRelayOptions {
  readonly batchSize?: number;
  /** How often to look for rows when nobody kicked the relay (another instance's writes, retries). */
  readonly pollIntervalMs?: number;
  /** Published rows are kept this long for audit and republish, then pruned. */
  readonly retentionHours?: number;
}

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  payload: string;
  headers: Record<string, string>;
}

const toMessage = (row: OutboxRow): OutgoingMessage => ({
  topic: row.topic,
  key: row.message_key,
  value: row.payload,
  headers: row.headers,
});

/**
 * A row's message and the compacted state-topic messages it stands for, published together so the
 * state topics hold exactly what the event topics said.
 */
const withState = (row: OutboxRow): OutgoingMessage[] => {
  const message = toMessage(row);
  return [message, ...stateMessagesOf(message)];
};

/** One produce request stays well under the broker's request and batch limits. */
const MAX_CHUNK_BYTES = 512 * 1024;

/** Rows in order, in chunks of at most `maxBytes` (a larger row is a chunk of its own). */
export function chunksByBytes<T extends { payload: string }>(rows: readonly T[], maxBytes: number): T[][] {
  const chunks: T[][] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = Buffer.byteLength(row.payload);
    if (!chunks.length || bytes + size > maxBytes) {
      chunks.push([]);
      bytes = 0;
    }
    chunks[chunks.length - 1].push(row);
    bytes += size;
  }
  return chunks;
}

/** Broker answers that no retry can change (Kafka protocol error types). */
const FOR_GOOD = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE', 'INVALID_RECORD', 'CORRUPT_MESSAGE']);

/** Whether the broker refused a message for good (in the error or anything it wraps). */
export function refusedForGood(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 5; depth++) {
    const { type, errors } = cause as { type?: unknown; errors?: unknown };
    if (typeof type === 'string' && FOR_GOOD.has(type)) return true;
    if (Array.isArray(errors) && errors.some((inner) => refusedForGood(inner))) return true;
    cause =
      (cause as { cause?: unknown; originalError?: unknown }).cause ??
      (cause as { originalError?: unknown }).originalError;
  }
  return false;
}

/** The relay's name among the service's background loops. */
const RELAY_LOOP = 'outbox-relay';

/** How long stop() keeps publishing before it leaves the rest to the next start. */
const FINAL_FLUSH_MS = 3_000;

// Any constant works: it only has to be the same for every instance sharing this database.
const RELAY_LOCK_KEY = 7_301_001;

/**
 * Moves committed outbox rows to Kafka in id order. One instance at a time holds an advisory lock
 * for the pass, so rows of one key are never published out of order by two relays. Delivery is
 * at least once: a crash between publish and marking re-sends, and consumers dedupe by eventId.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly retentionHours: number;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private kicked = false;
  private lastPrune = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: MessagePublisher,
    options: OutboxRelayOptions = {},
    /** Where the relay says how it is doing (readiness names it when it keeps failing). */
    private readonly loops?: LoopHealth,
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.retentionHours = options.retentionHours ?? 72;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.runLoop();
  }

  /** Called after a transaction that wrote to the outbox commits: publish now, not at the next poll. */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  /** Publishes what is pending, then stops. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.loops?.stopped(RELAY_LOOP);
    this.wake?.();
    await this.loop;
    // One last bounded flush for what was just committed; a larger backlog (after a bulk import)
    // stays in the outbox and is published by the next start, so shutdown stays quick.
    await this.relayPending(FINAL_FLUSH_MS).catch((error) =>
      this.logger.warn(`Final outbox flush failed: ${error}`),
    );
  }

  /** Publishes pending rows until none are left (or the time budget is spent); returns how many. */
  async relayPending(budgetMs = Infinity): Promise<number> {
    const deadline = Date.now() + budgetMs;
    let total = 0;
    for (;;) {
      const published = await this.relayBatch();
      total += published;
      if (published < this.batchSize || Date.now() >= deadline) return total;
    }
  }

  private async runLoop(): Promise<void> {
    let failures = 0;
    while (this.running) {
      this.kicked = false;
      try {
        // Batch by batch, so that stop() does not wait for a whole backlog to drain.
        while (this.running && (await this.relayBatch()) === this.batchSize) {
          /* more rows are waiting */
        }
        await this.pruneIfDue();
        failures = 0;
        this.loops?.ok(RELAY_LOOP);
      } catch (error) {
        failures++;
        this.loops?.failed(RELAY_LOOP, error);
        this.logger.warn(`Outbox relay pass failed (${failures} in a row): ${error}`);
        await sleep(Math.min(5_000, 100 * 2 ** failures));
      }
      if (this.running && !this.kicked) await this.idle();
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.pollIntervalMs);
      this.wake = done;
    });
  }

  /**
   * The next rows, published in chunks of at most MAX_CHUNK_BYTES. A chunk the broker refuses for
   * good (a record too large, an invalid one) is sent again one row at a time, and the rows it still
   * refuses are parked with their error, so they block nothing behind them; a broker that is away
   * fails the pass (nothing is marked, the loop tries again).
   */
  private relayBatch(): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const [{ locked }] = await tx.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [RELAY_LOCK_KEY]);
      if (!locked) return 0;
      const rows: OutboxRow[] = await tx.query(
        `SELECT id, topic, message_key, payload, headers FROM outbox
          WHERE published_at IS NULL AND parked_at IS NULL ORDER BY id LIMIT $1`,
        [this.batchSize],
      );
      if (rows.length === 0) return 0;
      const published: OutboxRow[] = [];
      const parked: { row: OutboxRow; error: string }[] = [];
      for (const chunk of chunksByBytes(rows, MAX_CHUNK_BYTES)) {
        try {
          await this.publisher.publish(chunk.flatMap(withState));
          published.push(...chunk);
        } catch (error) {
          if (!refusedForGood(error)) throw error;
          for (const row of chunk) {
            try {
              await this.publisher.publish(withState(row));
              published.push(row);
            } catch (alone) {
              if (!refusedForGood(alone)) throw alone;
              parked.push({ row, error: String(alone) });
            }
          }
        }
      }
      await tx.query(`UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [
        published.map((row) => row.id),
      ]);
      for (const { row, error } of parked) {
        this.logger.error(
          `Outbox row ${row.id} (${row.topic}) parked: the broker refuses it for good: ${error}`,
        );
        await tx.query(`UPDATE outbox SET parked_at = now(), error = $2 WHERE id = $1`, [
          row.id,
          error.slice(0, 2_000),
        ]);
      }
      return rows.length;
    });
  }

  private async pruneIfDue(): Promise<void> {
    if (Date.now() - this.lastPrune < 60_000) return;
    this.lastPrune = Date.now();
    await this.dataSource.query(
      `DELETE FROM outbox WHERE published_at < now() - make_interval(hours => $1)`,
      [this.retentionHours],
    );
  }
}
