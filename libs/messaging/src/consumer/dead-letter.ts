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
