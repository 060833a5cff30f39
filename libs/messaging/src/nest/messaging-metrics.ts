import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { METRICS_REGISTRY, counterIn, gaugeIn, withinMs } from '@inventory/observability';
import { Kafka } from 'kafkajs';
import { LazyKafkaAdmin } from '../kafka/lazy-kafka-admin';
import { TopicNamespace } from '../kafka/topic-namespace';
import { Counter, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { ConsumerObserver } from '../consumer/consumer-observer';
import { EventConsumers } from './event-consumers';
import { KAFKA, TOPIC_NAMESPACE } from './tokens';

/** Messages consumed and dead-lettered, per consumer group and topic. */
@Injectable()
export class ConsumerMetrics implements ConsumerObserver {
  private readonly consumedTotal: Counter<'group' | 'topic'>;
  private readonly deadLettersTotal: Counter<'group' | 'topic' | 'reason'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.consumedTotal = counterIn(registry, {
      name: 'kafka_messages_consumed_total',
      help: 'Messages settled by a consumer group (handled, already applied, or dead-lettered)',
      labelNames: ['group', 'topic'],
    });
    this.deadLettersTotal = counterIn(registry, {
      name: 'kafka_dead_letters_total',
      help: 'Messages sent to <topic>.dlq, by reason (invalid_json, invalid_data, handler_failed, a refusal code)',
      labelNames: ['group', 'topic', 'reason'],
    });
  }

  consumed(group: string, topic: string, messages: number): void {
    this.consumedTotal.inc({ group, topic }, messages);
  }

  deadLettered(group: string, topic: string, reason: string): void {
    this.deadLettersTotal.inc({ group, topic, reason });
  }
}

const LAG_TIMEOUT_MS = 2_000;

/** Consumer lag per partition, read from the broker when Prometheus scrapes. */
@Injectable()
export class ConsumerLagMetrics implements OnModuleInit, OnApplicationShutdown {
  private readonly admin: LazyKafkaAdmin;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    private readonly consumers: EventConsumers,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(TOPIC_NAMESPACE) private readonly namespace: TopicNamespace,
  ) {
    this.admin = new LazyKafkaAdmin(kafka);
  }

  onModuleInit(): void {
    // A scrape must answer within Prometheus' timeout even when the broker does not.
    const lagOf = () => withinMs(this.lag(), LAG_TIMEOUT_MS, () => []);
    gaugeIn(this.registry, {
      name: 'kafka_consumer_lag',
      help: "Messages on a partition after the group's committed offset (live views, which commit nothing, are not listed)",
      labelNames: ['group', 'topic', 'partition'],
      async collect() {
        this.reset();
        for (const { group, topic, partition, lag } of await lagOf())
          this.set({ group, topic, partition }, lag);
      },
    });
  }

  private async lag(): Promise<{ group: string; topic: string; partition: string; lag: number }[]> {
    try {
      const admin = await this.admin.get();
      const rows = [];
      for (const { groupId, topics, liveView } of this.consumers.subscriptions()) {
        // A live view commits nothing (it starts at the end each time): the broker has no lag for
        // it, and end − start of the topic would read as a backlog that never shrinks.
        if (liveView) continue;
        const committed = await admin.fetchOffsets({
          groupId,
          topics: topics.map((topic) => this.namespace.physical(topic)),
        });
        for (const { topic, partitions } of committed) {
          const ends = new Map((await admin.fetchTopicOffsets(topic)).map((end) => [end.partition, end]));
          for (const { partition, offset } of partitions) {
            const end = ends.get(partition);
            if (!end) continue;
            const from = offset === '-1' ? Number(end.low) : Number(offset);
            rows.push({
              group: groupId,
              topic: this.namespace.logical(topic),
              partition: String(partition),
              lag: Math.max(0, Number(end.high) - from),
            });
          }
        }
      }
      return rows;
    } catch {
      // The broker is away: no lag figures this scrape (readiness says why); connect afresh next time.
      void this.admin.drop();
      return [];
    }
  }

  onApplicationShutdown(): Promise<void> {
    return this.admin.drop();
  }
}

/** The outbox's backlog: rows not yet relayed to Kafka, and how old the oldest is. */
@Injectable()
export class OutboxMetrics implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
  ) {}

  onModuleInit(): void {
    // The database is away: no figure this scrape rather than a failed scrape (readiness says why).
    const backlog = async (): Promise<{ messages: number; age: number; parked: number } | undefined> => {
      const rows = await this.dataSource
        .query(
          `SELECT count(*) FILTER (WHERE parked_at IS NULL)::int AS messages,
                  coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE parked_at IS NULL)), 0)::float AS age,
                  count(*) FILTER (WHERE parked_at IS NOT NULL)::int AS parked
             FROM outbox WHERE published_at IS NULL`,
        )
        .catch(() => undefined);
      return rows?.[0];
    };
    gaugeIn(this.registry, {
      name: 'outbox_backlog_messages',
      help: 'Integration events written to the outbox and not yet published to Kafka',
      async collect() {
        const now = await backlog();
        if (now) this.set(now.messages);
      },
    });
    gaugeIn(this.registry, {
      name: 'outbox_parked_messages',
      help: 'Outbox rows the broker refused for good (too large, invalid), parked with their error',
      async collect() {
        const now = await backlog();
        if (now) this.set(now.parked);
      },
    });
    gaugeIn(this.registry, {
      name: 'outbox_oldest_unpublished_seconds',
      help: 'Age of the oldest integration event still waiting in the outbox',
      async collect() {
        const now = await backlog();
        if (now) this.set(now.age);
      },
    });
  }
}
