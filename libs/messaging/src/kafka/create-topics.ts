import { ALL_TOPICS, COMPACTED_TOPICS, deadLetterTopicOf } from '@inventory/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaConnectionFromEnv } from './kafka-options';
import { topicNamespaceFromEnv } from './topic-namespace';

/** Every contract topic, its `.dlq` twin, and the compacted state topics. */
export const TOPICS_WITH_DEAD_LETTERS: readonly string[] = [
  ...ALL_TOPICS.flatMap((topic) => [topic, deadLetterTopicOf(topic)]),
  ...COMPACTED_TOPICS,
];

/**
 * How topics are created: KAFKA_PARTITIONS partitions (6), KAFKA_REPLICATION_FACTOR copies (1 on a
 * single broker; 3 in production) and KAFKA_MIN_INSYNC_REPLICAS (1; 2 with three copies, so an
 * acknowledged write survives the loss of a broker). `compacted` topics keep the latest message
 * per key for ever instead of 7 days.
 */
export function topicSpecs(
  topics: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  compacted: readonly string[] = [],
) {
  const numPartitions = Number(env.KAFKA_PARTITIONS ?? 6);
  const replicationFactor = Number(env.KAFKA_REPLICATION_FACTOR ?? 1);
  const minInSync = Number(env.KAFKA_MIN_INSYNC_REPLICAS ?? 1);
  if (!Number.isInteger(replicationFactor) || replicationFactor < 1)
    throw new Error(
      `KAFKA_REPLICATION_FACTOR must be a whole number of at least 1, not ${env.KAFKA_REPLICATION_FACTOR}`,
    );
  if (!Number.isInteger(minInSync) || minInSync < 1 || minInSync > replicationFactor)
    throw new Error(
      `KAFKA_MIN_INSYNC_REPLICAS must be a whole number from 1 to KAFKA_REPLICATION_FACTOR (${replicationFactor}), not ${env.KAFKA_MIN_INSYNC_REPLICAS}`,
    );
  return topics.map((topic) => ({
    topic,
    numPartitions,
    replicationFactor,
    configEntries: [
      { name: 'min.insync.replicas', value: String(minInSync) },
      ...(compacted.includes(topic) ? [{ name: 'cleanup.policy', value: 'compact' }] : []),
    ],
  }));
}

/**
 * Creates the topics that do not exist yet (the broker does not auto-create them), under the
 * namespace of KAFKA_TOPIC_PREFIX; returns their names on the broker.
 */
export async function createTopics(
  contractTopics: readonly string[] = TOPICS_WITH_DEAD_LETTERS,
  env: NodeJS.ProcessEnv = process.env,
  contractCompacted: readonly string[] = COMPACTED_TOPICS,
): Promise<string[]> {
  const namespace = topicNamespaceFromEnv(env);
  const topics = contractTopics.map((topic) => namespace.physical(topic));
  const compacted = contractCompacted.map((topic) => namespace.physical(topic));
  const admin = new Kafka({
    ...kafkaConnectionFromEnv('create-topics', env),
    logLevel: logLevel.ERROR,
  }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length) {
      await admin.createTopics({ waitForLeaders: true, topics: topicSpecs(missing, env, compacted) });
    }
    return missing;
  } finally {
    await admin.disconnect();
  }
}
