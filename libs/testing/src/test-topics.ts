import { randomUUID } from 'node:crypto';
import { ALL_TOPICS, COMPACTED_TOPICS, deadLetterTopicOf } from '@inventory/contracts';
import { Kafka, logLevel } from 'kafkajs';

/**
 * The topic prefix of this test file's in-process apps (KAFKA_TOPIC_PREFIX), made once per file:
 * jest gives each test file its own copy of process.env. Test files run side by side on one broker;
 * without it, each file's services would consume what the others publish (and publish decisions of
 * their own about it) and no count, list or "nothing changed" could be asserted.
 */
export function testTopicPrefix(): string {
  process.env.KAFKA_TOPIC_PREFIX ??= `it-${randomUUID().slice(0, 8)}.`;
  return process.env.KAFKA_TOPIC_PREFIX;
}

const created = new Map<string, Promise<unknown>>();

/**
 * Creates the contract topics (and their dead-letter twins) under the prefix, once per prefix and
 * test file (jest loads this module once per file), with few partitions: each file has a set of
 * topics of its own on the one test broker.
 */
export async function createTestTopics(prefix = testTopicPrefix()): Promise<void> {
  if (!created.has(prefix)) created.set(prefix, createTopicsUnder(prefix));
  await created.get(prefix);
}

// Plain kafkajs, as KafkaTestClient: libs/messaging, whose topics these are, is tested with them.
async function createTopicsUnder(prefix: string): Promise<void> {
  const admin = new Kafka({
    clientId: `test-topics-${randomUUID()}`,
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const events = ALL_TOPICS.flatMap((topic) => [topic, deadLetterTopicOf(topic)]);
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        ...events.map((topic) => ({ topic: prefix + topic, numPartitions: 2 })),
        ...COMPACTED_TOPICS.map((topic) => ({
          topic: prefix + topic,
          numPartitions: 2,
          configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
        })),
      ],
    });
  } finally {
    await admin.disconnect();
  }
}
