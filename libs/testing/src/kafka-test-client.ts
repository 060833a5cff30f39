import { randomUUID } from 'node:crypto';
import { HEADER, IntegrationEvent, topicOf } from '@inventory/contracts';
import { Consumer, Kafka, KafkaMessage, logLevel } from 'kafkajs';
import { createTestTopics } from './test-topics';
import { waitFor } from './wait-for';

export interface CapturedMessage {
  readonly topic: string;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Record<string, string>;
  /** The parsed value when it is JSON, else undefined. */
  readonly json: unknown;
}

/**
 * The JSON of a message's value, or undefined when it is none: a topic holds whatever earlier runs
 * put there (tests' poison messages: empty, null, binary), and a watcher must pass over them.
 */
export function jsonOrUndefined(value: string | null | undefined): unknown {
  try {
    return value ? JSON.parse(value) : undefined;
  } catch {
    return undefined;
  }
}

const decode = (topic: string, message: KafkaMessage): CapturedMessage => {
  const value = message.value?.toString() ?? null;
  const json = jsonOrUndefined(value);
  const headers = Object.fromEntries(
    Object.entries(message.headers ?? {}).map(([name, v]) => [name, String(v)]),
  );
  return { topic, key: message.key?.toString() ?? null, value, headers, json };
};

/** An event of this type whose `data` is an object (what a test's filter may read fields of). */
function isEventOf<T extends IntegrationEvent['type']>(
  value: unknown,
  type: T,
): value is Extract<IntegrationEvent, { type: T }> {
  const event = value as { type?: unknown; data?: unknown } | undefined;
  return event?.type === type && typeof event.data === 'object' && event.data !== null;
}

/**
 * A test's window on Kafka: publishes events or raw bytes, and records what arrives on the
 * topics it watches (from the beginning, under a group of its own) so tests can wait for it.
 */
export class KafkaTestClient {
  /**
   * Put before every topic it publishes to or watches, and taken off what it records: the prefix
   * of the in-process apps it talks to (testTopicPrefix()); none for the running system's topics.
   */
  private readonly topicPrefix: string;

  constructor(options: { readonly topicPrefix?: string } = {}) {
    this.topicPrefix = options.topicPrefix ?? '';
  }

  // Deliberately plain kafkajs, not libs/messaging: tests check that library against this client.
  readonly kafka = new Kafka({
    clientId: `test-${randomUUID()}`,
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    logLevel: logLevel.NOTHING,
  });
  private readonly producer = this.kafka.producer();
  private connected?: Promise<void>;
  private readonly consumers: Consumer[] = [];
  readonly received: CapturedMessage[] = [];

  async watch(topics: readonly string[]): Promise<void> {
    if (this.topicPrefix) await createTestTopics(this.topicPrefix);
    const consumer = this.kafka.consumer({ groupId: `test-watch-${randomUUID()}` });
    this.consumers.push(consumer);
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.connect();
    await consumer.subscribe({
      topics: topics.map((topic) => this.topicPrefix + topic),
      fromBeginning: true,
    });
    await consumer.run({
      eachMessage: async ({ topic, message }) =>
        void this.received.push(decode(topic.slice(this.topicPrefix.length), message)),
    });
    await joined;
  }

  /** Publishes an event to its contract topic, as an upstream system would; answers where it landed. */
  async publish(event: IntegrationEvent, key: string): Promise<{ partition: number; offset: string }> {
    const headers = {
      [HEADER.eventType]: event.type,
      [HEADER.eventId]: event.eventId,
      [HEADER.correlationId]: event.correlationId,
    };
    return this.publishRaw(topicOf(event.type), key, JSON.stringify(event), headers);
  }

  /** Publishes any bytes (null: a message without a value), as a broken producer would. */
  async publishRaw(
    topic: string,
    key: string,
    value: string | null,
    headers: Record<string, string> = {},
  ): Promise<{ partition: number; offset: string }> {
    if (this.topicPrefix) await createTestTopics(this.topicPrefix);
    this.connected ??= this.producer.connect();
    await this.connected;
    const [sent] = await this.producer.send({
      topic: this.topicPrefix + topic,
      messages: [{ key, value, headers }],
    });
    return { partition: sent.partition, offset: sent.baseOffset ?? '0' };
  }

  /** The first watched message that matches, waiting for it to arrive. */
  waitForMessage(
    match: (message: CapturedMessage) => boolean,
    what: string,
    timeoutMs = 30_000,
  ): Promise<CapturedMessage> {
    // A message a test's predicate cannot read (another suite's hostile input) is not the one.
    const readable = (message: CapturedMessage) => {
      try {
        return match(message);
      } catch {
        return false;
      }
    };
    return waitFor(() => this.received.find(readable), { what, timeoutMs });
  }

  /** The first watched event of this type whose data matches. */
  async waitForEvent<T extends IntegrationEvent['type']>(
    type: T,
    match: (event: Extract<IntegrationEvent, { type: T }>) => boolean,
    timeoutMs = 30_000,
  ): Promise<Extract<IntegrationEvent, { type: T }>> {
    const message = await this.waitForMessage(
      (m) => isEventOf(m.json, type) && match(m.json),
      `a ${type} event`,
      timeoutMs,
    );
    return message.json as Extract<IntegrationEvent, { type: T }>;
  }

  /**
   * The watched events of this type. Only well-formed ones: the hostile-input suite publishes
   * events of every type with broken data on the same topics, and a test's filter must not trip.
   */
  eventsOf<T extends IntegrationEvent['type']>(type: T): Extract<IntegrationEvent, { type: T }>[] {
    return this.received
      .map((m) => m.json)
      .filter((event): event is Extract<IntegrationEvent, { type: T }> => isEventOf(event, type));
  }

  async close(): Promise<void> {
    await Promise.all(this.consumers.map((consumer) => consumer.disconnect()));
    await this.producer.disconnect();
  }
}
