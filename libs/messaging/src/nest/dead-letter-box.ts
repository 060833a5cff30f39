import { Inject, Injectable } from '@nestjs/common';
import { deadLetterTopicOf } from '@inventory/contracts';
import { Kafka } from 'kafkajs';
import { DLQ_HEADER, DeadLetterView, redriveMessage, toDeadLetterView } from '../consumer/dead-letter';
import { readTopic } from '../kafka/read-topic';
import { MESSAGE_PUBLISHER, MessagePublisher } from '../message-bus';
import { EventConsumers } from './event-consumers';
import { KAFKA } from './tokens';

export interface DeadLetterAddress {
  /** The original topic, e.g. orders.v1 (its letters are on orders.v1.dlq). */
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/**
 * The letters this service's consumer groups dead-lettered, read from the DLQ topics of what it
 * consumes, and the re-drive of one of them to its original topic. Each service answers for its
 * own groups, so the letter a service sees is one it can try again.
 */
@Injectable()
export class DeadLetterBox {
  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(MESSAGE_PUBLISHER) private readonly publisher: MessagePublisher,
    private readonly consumers: EventConsumers,
  ) {}

  /** The topics this service consumes (whose DLQs may hold its letters). */
  topics(): string[] {
    return [...new Set(this.deadLettering().flatMap((s) => s.topics))].sort();
  }

  /** The newest letters first, of one topic or of all this service consumes. */
  async list(topic?: string): Promise<DeadLetterView[]> {
    const letters = await Promise.all((topic ? [topic] : this.topics()).map((name) => this.lettersOf(name)));
    return letters
      .flat()
      .map(({ view }) => view)
      .sort((a, b) => b.failedAt.localeCompare(a.failedAt));
  }

  /** Publishes the letter again to its topic; undefined when this service has no such letter. */
  async redrive(address: DeadLetterAddress): Promise<DeadLetterView | undefined> {
    const letter = (await this.lettersOf(address.topic)).find(
      ({ view }) => view.partition === address.partition && view.offset === address.offset,
    );
    if (!letter) return undefined;
    await this.publisher.publish([redriveMessage(letter.stored)]);
    return letter.view;
  }

  /** The groups that send what they cannot handle to a DLQ: every one but the live views. */
  private deadLettering() {
    return this.consumers.subscriptions().filter((s) => !s.liveView);
  }

  private async lettersOf(topic: string) {
    // Letters carry the group's name without the suffix (so a suffixed test run shares the name).
    const groups = new Set(this.deadLettering().map((s) => s.name));
    return (await readTopic(this.kafka, deadLetterTopicOf(topic)))
      .filter((m) => groups.has(m.headers[DLQ_HEADER.consumerGroup]))
      .map((stored) => ({ stored, view: toDeadLetterView(stored) }));
  }
}
