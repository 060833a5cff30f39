import { ALL_TOPICS, deadLetterTopicOf } from '@inventory/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaConnectionFromEnv } from './kafka-options';

/** Every contract topic and its `.dlq` twin. */
export const TOPICS_WITH_DEAD_LETTERS: readonly string[] = ALL_TOPICS.flatMap((topic) => [
  topic,
  deadLetterTopicOf(topic),
]);

/**
 * Creates the topics that do not exist yet (the broker does not auto-create them), with
 * KAFKA_PARTITIONS partitions (default 6). Returns the topics it created.
 */
export async function createTopics(
  topics: readonly string[] = TOPICS_WITH_DEAD_LETTERS,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string[]> {
  const admin = new Kafka({
    ...kafkaConnectionFromEnv('create-topics', env),
    logLevel: logLevel.ERROR,
  }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    const numPartitions = Number(env.KAFKA_PARTITIONS ?? 6);
    if (missing.length) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions, replicationFactor: 1 })),
      });
    }
    return missing;
  } finally {
    await admin.disconnect();
  }
}
