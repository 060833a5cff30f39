import { Pool, PoolClient } from 'pg';
import { Position, START, SubscribeToAllOptions, Subscription, deliver } from '../event-store';
import type { PostgresEventStore } from './postgres-event-store';

const BATCH_SIZE = 500;
/** Fallback poll when no notification comes (a notification lost with a dropped connection). */
const POLL_INTERVAL_MS = 1_000;
/**
 * After a notification, an event may stay invisible for a moment while an older transaction is
 * still running (readers only see events older than every running transaction): look again soon.
 */
const NOTIFIED_RETRIES_MS = [5, 10, 20, 40, 80, 160];

/**
 * A catch-up subscription: reads everything after the checkpoint in batches, then follows new
 * appends, woken by LISTEN/NOTIFY with a poll as fallback. Events are handed over in global order,
 * one at a time or a batch at a time; a handler error stops the subscription (and is reported to onError).
 */
export class PostgresSubscription implements Subscription {
  readonly caughtUp: Promise<void>;
  private markCaughtUp!: () => void;
  private running = true;
  private loop?: Promise<void>;
  private listener?: PoolClient;
  /** The LISTEN connection broke (the server restarted): the subscription ends and its owner restarts it. */
  private listenerError?: Error;
  private wake?: () => void;
  private notified = false;
  private checkpoint: Position | undefined;

  constructor(
    private readonly store: PostgresEventStore,
    private readonly pool: Pool,
    private readonly options: SubscribeToAllOptions,
    private readonly onStopped: () => void,
  ) {
    this.checkpoint = options.fromPosition;
    this.caughtUp = new Promise((resolve) => (this.markCaughtUp = resolve));
  }

  start(): void {
    this.loop = this.run().catch((error) => {
      this.running = false;
      this.options.onError?.(error);
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    try {
      await this.listen();
      while (this.running) {
        const delivered = await this.deliverBatch();
        if (delivered === BATCH_SIZE) continue;
        if (delivered === 0 && this.notified) {
          await this.retryAfterNotification();
          continue;
        }
        this.markCaughtUp();
        await this.idle();
        if (this.listenerError) throw this.listenerError;
      }
    } finally {
      await this.unlisten();
      this.onStopped();
    }
  }

  private async deliverBatch(): Promise<number> {
    const events = this.checkpoint
      ? await this.store.readAllFrom(this.checkpoint, false, BATCH_SIZE)
      : await this.store.readAllFrom(START, true, BATCH_SIZE);
    if (!this.running || events.length === 0) return events.length;
    await deliver(this.options, events);
    this.checkpoint = events[events.length - 1].position;
    return events.length;
  }

  private async retryAfterNotification(): Promise<void> {
    this.notified = false;
    for (const delay of NOTIFIED_RETRIES_MS) {
      if (!this.running || this.notified) return;
      await new Promise((resolve) => setTimeout(resolve, delay));
      if ((await this.deliverBatch()) > 0) return;
    }
  }

  private idle(): Promise<void> {
    if (this.notified) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, POLL_INTERVAL_MS);
      this.wake = done;
    });
  }

  private async listen(): Promise<void> {
    this.listener = await this.pool.connect();
    // Without a listener a dropped connection's error would crash the process.
    this.listener.on('error', (error) => {
      this.listenerError = error;
      this.wake?.();
    });
    this.listener.on('notification', () => {
      this.notified = true;
      this.wake?.();
    });
    await this.listener.query(`LISTEN es_events`);
  }

  private async unlisten(): Promise<void> {
    const listener = this.listener;
    this.listener = undefined;
    if (!listener) return;
    if (this.listenerError) return listener.release(this.listenerError); // destroyed, not pooled
    await listener.query(`UNLISTEN es_events`).catch(() => undefined);
    listener.removeAllListeners('notification');
    listener.release();
  }
}
