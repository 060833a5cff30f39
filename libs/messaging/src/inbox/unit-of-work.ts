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

/** One event of a batch and what applying it does. */
export interface BatchItem {
  readonly event: IntegrationEvent;
  readonly work: (scope: TransactionScope) => Promise<void>;
}

/** The events of a fetched batch that `workOf` has work for, each with its work, in order. */
export function batchItems(
  events: readonly { readonly event: IntegrationEvent }[],
  workOf: (event: IntegrationEvent) => BatchItem['work'] | undefined,
): BatchItem[] {
  return events.flatMap(({ event }) => {
    const work = workOf(event);
    return work ? [{ event, work }] : [];
  });
}

/**
 * The items sorted by the key of the rows they lock, stably: the items of one key keep their order
 * (one order's or one SKU's events stay in sequence), and batches that lock rows in key order
 * cannot deadlock one another.
 */
export function inLockOrder<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  return items
    .map((item) => ({ item, key: keyOf(item) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ item }) => item);
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

  /**
   * A fetched batch in one transaction: each event's work at most once per eventId, in the order
   * given, skipping the events this consumer already applied. One commit instead of one per event
   * is what lets a consumer catch up after an outage. If any work fails, nothing of the batch is
   * kept (the consumer then goes through the events one at a time). Returns how many were applied.
   * `lockFirst` runs before any work: taking every row the batch will change, in one fixed order,
   * keeps two instances' batches from deadlocking.
   */
  async runEachOnce(
    consumer: string,
    items: readonly BatchItem[],
    lockFirst?: (scope: TransactionScope) => Promise<unknown>,
  ): Promise<number> {
    if (!items.length) return 0;
    return this.run(async (scope) => {
      await lockFirst?.(scope);
      const inserted: { event_id: string }[] = await scope.tx.query(
        `INSERT INTO processed_events (consumer, event_id, event_type)
         SELECT $1, * FROM unnest($2::uuid[], $3::text[])
         ON CONFLICT DO NOTHING RETURNING event_id`,
        [consumer, items.map((item) => item.event.eventId), items.map((item) => item.event.type)],
      );
      const fresh = new Set(inserted.map((row) => row.event_id));
      let applied = 0;
      for (const { event, work } of items) {
        // PostgreSQL gives uuids back in lower case; delete: a duplicate within the batch runs once.
        if (!fresh.delete(event.eventId.toLowerCase())) continue;
        await work(scope);
        applied++;
      }
      return applied;
    });
  }
}
