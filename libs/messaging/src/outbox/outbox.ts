import { IntegrationEvent } from '@inventory/contracts';
import { EntityManager } from 'typeorm';
import { toOutgoingMessage } from '../message-bus';

export interface OutboxEntry {
  readonly event: IntegrationEvent;
  /** The ordering key of the topic (docs/operations.md, "Topics and keys"): SKU, orderId or entity code. */
  readonly key: string;
}

/** PostgreSQL takes at most 65,535 parameters per statement; six per row. */
const ROWS_PER_INSERT = 5_000;

/**
 * The largest message written to the outbox, value, key and headers together: the broker's
 * `message.max.bytes` (1 MiB by default) with room to spare. A larger one would block the relay.
 */
export const MAX_OUTBOX_MESSAGE_BYTES = Number(process.env.OUTBOX_MAX_MESSAGE_BYTES ?? 1_000_000);

/**
 * An event too large for the broker, refused when written, so the change that caused it is not
 * stored without it (an HTTP caller gets a 413; a consumer dead-letters its input).
 */
export class OutboxMessageTooLargeError extends Error {
  override readonly name = 'OutboxMessageTooLargeError';
  /** Read by the HTTP error filter as a client error. */
  readonly status = 413;
  readonly expose = true;
  constructor(type: string, bytes: number) {
    super(
      `The ${type} event this change publishes is ${bytes} bytes, more than ${MAX_OUTBOX_MESSAGE_BYTES}: send less at once`,
    );
  }
}

/** A message's size as the broker counts it, near enough: value, key and headers. */
export const messageBytes = (message: {
  value: string | null;
  key: string;
  headers: Readonly<Record<string, string>>;
}) =>
  Buffer.byteLength(message.value ?? '') +
  Buffer.byteLength(message.key) +
  Buffer.byteLength(JSON.stringify(message.headers));

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
    const bytes = messageBytes(message);
    if (bytes > MAX_OUTBOX_MESSAGE_BYTES) throw new OutboxMessageTooLargeError(event.type, bytes);
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
