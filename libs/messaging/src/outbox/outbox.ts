import { IntegrationEvent } from '@inventory/contracts';
import { EntityManager } from 'typeorm';
import { toOutgoingMessage } from '../message-bus';

export interface OutboxEntry {
  readonly event: IntegrationEvent;
  /** The ordering key of DESIGN.md section 3: SKU, orderId or entity code. */
  readonly key: string;
}

/** PostgreSQL takes at most 65,535 parameters per statement; six per row. */
const ROWS_PER_INSERT = 5_000;

/** Writes integration events into the outbox inside the caller's transaction. */
export async function appendToOutbox(tx: EntityManager, entries: readonly OutboxEntry[]): Promise<void> {
  for (let start = 0; start < entries.length; start += ROWS_PER_INSERT) {
    await insertOutboxRows(tx, entries.slice(start, start + ROWS_PER_INSERT));
  }
}

async function insertOutboxRows(tx: EntityManager, entries: readonly OutboxEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const values: unknown[] = [];
  const rows = entries.map(({ event, key }, index) => {
    const message = toOutgoingMessage(event, key);
    values.push(
      event.eventId,
      event.type,
      message.topic,
      message.key,
      message.value,
      JSON.stringify(message.headers),
    );
    const p = index * 6;
    return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6})`;
  });
  await tx.query(
    `INSERT INTO outbox (event_id, event_type, topic, message_key, payload, headers) VALUES ${rows.join(', ')}`,
    values,
  );
}
