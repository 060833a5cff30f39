import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { sleep } from '../consumer/retry-policy';
import { MessagePublisher, OutgoingMessage } from '../message-bus';
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

  private relayBatch(): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const [{ locked }] = await tx.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [RELAY_LOCK_KEY]);
      if (!locked) return 0;
      const rows: OutboxRow[] = await tx.query(
        `SELECT id, topic, message_key, payload, headers FROM outbox
          WHERE published_at IS NULL ORDER BY id LIMIT $1`,
        [this.batchSize],
      );
      if (rows.length === 0) return 0;
      const messages: OutgoingMessage[] = rows.map((row) => ({
        topic: row.topic,
        key: row.message_key,
        value: row.payload,
        headers: row.headers,
      }));
      await this.publisher.publish(messages);
      await tx.query(`UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [
        rows.map((r) => r.id),
      ]);
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
