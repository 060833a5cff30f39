/**
 * Where the system's topics live on the broker: their contract names (orders.v1, …) behind a
 * prefix, KAFKA_TOPIC_PREFIX (none by default). Several systems can then share one broker without
 * reading each other's messages: a staging and a demo system, or each integration test file, whose
 * in-process services would otherwise consume what the other files publish at the same time.
 *
 * Only the Kafka adapter sees physical names; everything above it (handlers, the outbox, dead
 * letters and their headers, metrics labels) speaks contract names.
 */
export class TopicNamespace {
  static readonly NONE = new TopicNamespace('');

  constructor(readonly prefix: string) {
    // Kafka topic names: letters, digits, '.', '_' and '-', at most 249 characters.
    if (!/^[A-Za-z0-9._-]*$/.test(prefix) || prefix.length > 100)
      throw new Error(
        `KAFKA_TOPIC_PREFIX may hold only letters, digits, '.', '_' and '-' (at most 100), not "${prefix}"`,
      );
  }

  /** The broker's name of a contract topic. */
  physical(topic: string): string {
    return this.prefix + topic;
  }

  /** The contract name of a topic the broker names (itself when it is not under the prefix). */
  logical(topic: string): string {
    return this.prefix && topic.startsWith(this.prefix) ? topic.slice(this.prefix.length) : topic;
  }
}

export function topicNamespaceFromEnv(env: NodeJS.ProcessEnv = process.env): TopicNamespace {
  return env.KAFKA_TOPIC_PREFIX ? new TopicNamespace(env.KAFKA_TOPIC_PREFIX) : TopicNamespace.NONE;
}
