import { Logger } from '@nestjs/common';
import { Kafka, Producer } from 'kafkajs';
import { MessagePublisher, OutgoingMessage } from '../message-bus';
import { TopicNamespace } from './topic-namespace';

/**
 * Publishes through one idempotent kafkajs producer (acks=all, one request in flight), so a retried
 * send neither duplicates nor reorders messages of a partition.
 */
export class KafkaPublisher implements MessagePublisher {
  private readonly logger = new Logger(KafkaPublisher.name);
  private readonly producer: Producer;
  private connecting?: Promise<void>;

  constructor(
    kafka: Kafka,
    private readonly namespace = TopicNamespace.NONE,
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
  }

  async publish(messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.connect();
    // One sendBatch per call keeps the caller's order within each topic-partition.
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const message of messages)
      byTopic.set(message.topic, [...(byTopic.get(message.topic) ?? []), message]);

    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, batch]) => ({
        topic: this.namespace.physical(topic),
        messages: batch.map(({ key, value, headers }) => ({ key, value, headers: { ...headers } })),
      })),
    });
  }

  connect(): Promise<void> {
    this.connecting ??= this.producer.connect().catch((error) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }

  async disconnect(): Promise<void> {
    if (!this.connecting) return;
    await this.producer.disconnect().catch((error) => this.logger.warn(`Producer disconnect: ${error}`));
    this.connecting = undefined;
  }
}
