import { Inject, Injectable } from '@nestjs/common';
import { deadLetterTopicOf } from '@inventory/contracts';
import { Kafka } from 'kafkajs';
import { DLQ_HEADER, DeadLetterView, redriveMessage, toDeadLetterView } from '../consumer/dead-letter';
import { readTopic } from '../kafka/read-topic';
import { TopicNamespace } from '../kafka/topic-namespace';
import { MESSAGE_PUBLISHER, MessagePublisher } from '../message-bus';
import { DeadLetterFilter, DeadLetterStore, StoredDeadLetter } from '../dead-letters/dead-letter-store';
import { messagingRetentionFromEnv } from '../inbox/messaging-retention';
import { EventConsumers } from './event-consumers';
import { KAFKA, TOPIC_NAMESPACE } from './tokens';

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
    private readonly store: DeadLetterStore,
    @Inject(TOPIC_NAMESPACE) private readonly namespace: TopicNamespace,
  ) {}

  private readonly retention = messagingRetentionFromEnv();

  /** The topics this service consumes (whose DLQs may hold its letters). */
  topics(): string[] {
    return [...new Set(this.deadLettering().flatMap((s) => s.topics))].sort();
  }

  /** A page of this service's letters from its table, newest first, and how many match. */
  async page(
    filter: Omit<DeadLetterFilter, 'topics' | 'groups'> & { readonly topic?: string },
    limit: number,
    before?: string,
  ): Promise<{ items: StoredDeadLetter[]; total: number }> {
    const { topic, ...rest } = filter;
    const scope = { ...rest, topics: topic ? [topic] : this.topics(), groups: this.groupNames() };
    const [items, total] = await Promise.all([
      this.store.list(scope, limit, before),
      this.store.count(scope),
    ]);
    return { items, total };
  }

  /**
   * Publishes the letter of that id again to its topic and marks it re-driven; undefined when this
   * service has no such letter, `too_old` when the inboxes may have forgotten it.
   */
  async redriveById(id: string): Promise<StoredDeadLetter | 'too_old' | undefined> {
    const letter = await this.store.find(id, this.groupNames());
    if (!letter) return undefined;
    // The other groups' inboxes forget an event after INBOX_RETENTION_DAYS: sent again later, it
    // could be applied twice. A day of margin for the time between its publishing and its failure.
    const oldestMs = Date.now() - (this.retention.inboxDays - 1) * 86_400_000;
    if (Date.parse(letter.failedAt) < oldestMs) return 'too_old';
    // The original key, bytes and headers, as redriveMessage does for a letter read from the DLQ.
    await this.publisher.publish([
      { topic: letter.topic, key: letter.key ?? '', value: letter.value ?? '', headers: letter.headers },
    ]);
    await this.store.markRedriven(id);
    const { headers: _headers, ...view } = letter;
    return view;
  }

  /**
   * Publishes the letter at that position of `<topic>.dlq` again to its topic (reads the DLQ topic:
   * for letters older than the table, or written before it); undefined when there is none.
   */
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

  /** Letters carry the group's name without the suffix (so a suffixed test run shares the name). */
  private groupNames(): string[] {
    return this.deadLettering().map((s) => s.name);
  }

  private async lettersOf(topic: string) {
    const groups = new Set(this.groupNames());
    return (await readTopic(this.kafka, this.namespace.physical(deadLetterTopicOf(topic))))
      .filter((m) => groups.has(m.headers[DLQ_HEADER.consumerGroup]))
      .map((stored) => ({ stored, view: toDeadLetterView(stored) }));
  }
}
