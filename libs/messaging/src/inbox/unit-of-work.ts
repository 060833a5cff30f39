import { IntegrationEvent } from '@inventory/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { OutboxEntry, appendToOutbox } from '../outbox/outbox';
import { OutboxRelay } from '../outbox/outbox-relay';

/** What a transaction's work can do: change state through `tx`, and emit integration events. */
export interface TransactionScope {
  readonly tx: EntityManager;
  /** Queues integration events; they are written to the outbox before the transaction commits. */
  publish(...entries: OutboxEntry[]): void;
  /** Writes the queued events now (long imports flush as they go rather than hold them all). */
  flush(): Promise<void>;
}

/**
 * One database transaction holding a state change, its outbox rows and (for consumers) the
 * processed-event mark, so that either all of them happen or none does.
 */
export class UnitOfWork {
  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
  ) {}

  async run<T>(work: (scope: TransactionScope) => Promise<T>): Promise<T> {
    let published = false;
    const result = await this.dataSource.transaction(async (tx) => {
      let entries: OutboxEntry[] = [];
      const flush = async () => {
        const batch = entries;
        entries = [];
        await appendToOutbox(tx, batch);
        published ||= batch.length > 0;
      };
      const value = await work({ tx, publish: (...more) => entries.push(...more), flush });
      await flush();
      return value;
    });
    if (published) this.relay.kick();
    return result;
  }

  /**
   * Applies `work` for this consumer at most once per eventId. Returns false (and does nothing)
   * when the event was already applied — a redelivery after a crash or a rebalance.
   */
  async runOnce(consumer: string, event: IntegrationEvent, work: (scope: TransactionScope) => Promise<void>) {
    return this.run(async (scope) => {
      const inserted: unknown[] = await scope.tx.query(
        `INSERT INTO processed_events (consumer, event_id, event_type) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING event_id`,
        [consumer, event.eventId, event.type],
      );
      if (inserted.length === 0) return false;
      await work(scope);
      return true;
    });
  }
}
