import { deadLetterTopicOf } from '@inventory/contracts';
import { OutgoingMessage } from '../message-bus';
import { MessagePosition } from './event-subscription';

/** Headers a dead-lettered message carries so ops can see why and re-drive it to its topic. */
export const DLQ_HEADER = {
  error: 'dlq-error',
  reason: 'dlq-reason',
  originalTopic: 'dlq-original-topic',
  originalPartition: 'dlq-original-partition',
  originalOffset: 'dlq-original-offset',
  consumerGroup: 'dlq-consumer-group',
  attempts: 'dlq-attempts',
  failedAt: 'dlq-failed-at',
} as const;

export interface DeadLetter {
  readonly position: MessagePosition;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly groupId: string;
  /** A short machine code: invalid_json, invalid_data, handler_failed, … */
  readonly reason: string;
  readonly error: string;
  readonly attempts: number;
  readonly failedAt: Date;
}

/** The original bytes, key and headers go to `<topic>.dlq`, plus why and where it failed. */
export function deadLetterMessage(letter: DeadLetter): OutgoingMessage {
  return {
    topic: deadLetterTopicOf(letter.position.topic),
    key: letter.position.key ?? '',
    value: letter.value?.toString() ?? '',
    headers: {
      ...letter.headers,
      [DLQ_HEADER.error]: letter.error.slice(0, 4000),
      [DLQ_HEADER.reason]: letter.reason,
      [DLQ_HEADER.originalTopic]: letter.position.topic,
      [DLQ_HEADER.originalPartition]: String(letter.position.partition),
      [DLQ_HEADER.originalOffset]: letter.position.offset,
      [DLQ_HEADER.consumerGroup]: letter.groupId,
      [DLQ_HEADER.attempts]: String(letter.attempts),
      [DLQ_HEADER.failedAt]: letter.failedAt.toISOString(),
    },
  };
}

/** A dead letter as ops see it: where it sits on the DLQ, where it came from, which group and why. */
export interface DeadLetterView {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly eventId: string | null;
  readonly eventType: string | null;
  readonly consumerGroup: string;
  readonly reason: string;
  readonly error: string;
  readonly attempts: number;
  readonly failedAt: string;
  readonly originalPartition: number;
  readonly originalOffset: string;
  /** The message as it was published, cut at 4,000 characters. */
  readonly value: string | null;
}

interface StoredLetter {
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Readonly<Record<string, string>>;
}

export function toDeadLetterView(letter: StoredLetter): DeadLetterView {
  const h = letter.headers;
  return {
    topic: h[DLQ_HEADER.originalTopic] ?? '',
    partition: letter.partition,
    offset: letter.offset,
    key: letter.key,
    eventId: h['event-id'] ?? null,
    eventType: h['event-type'] ?? null,
    consumerGroup: h[DLQ_HEADER.consumerGroup] ?? '',
    reason: h[DLQ_HEADER.reason] ?? '',
    error: h[DLQ_HEADER.error] ?? '',
    attempts: Number(h[DLQ_HEADER.attempts] ?? 0),
    failedAt: h[DLQ_HEADER.failedAt] ?? '',
    originalPartition: Number(h[DLQ_HEADER.originalPartition] ?? -1),
    originalOffset: h[DLQ_HEADER.originalOffset] ?? '',
    value: letter.value === null ? null : letter.value.slice(0, 4000),
  };
}

/**
 * The message to publish again to the letter's original topic: its key, bytes and headers as they
 * were, without the DLQ's. Every group sees it again: groups that applied it skip it (their inbox
 * knows its event id); the group that dead-lettered it tries it again.
 */
export function redriveMessage(letter: StoredLetter): OutgoingMessage {
  const dlqHeaders = Object.values(DLQ_HEADER) as string[];
  return {
    topic: letter.headers[DLQ_HEADER.originalTopic] ?? '',
    key: letter.key ?? '',
    value: letter.value ?? '',
    headers: Object.fromEntries(
      Object.entries(letter.headers).filter(([name]) => !dlqHeaders.includes(name)),
    ),
  };
}
