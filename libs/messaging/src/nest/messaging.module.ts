import {
  DynamicModule,
  Inject,
  Injectable,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  BeforeApplicationShutdown,
} from '@nestjs/common';
import { Logger as NestLogger } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { Kafka, logLevel as KafkaLogLevel, LogEntry } from 'kafkajs';
import { DataSource } from 'typeorm';
import {
  HistoryRetention,
  MessagingRetention,
  messagingRetentionFromEnv,
} from '../inbox/messaging-retention';
import { UnitOfWork } from '../inbox/unit-of-work';
import { EVENT_CONSUMER_RUNNER } from '../consumer/event-subscription';
import { KafkaConsumerRunner } from '../kafka/kafka-consumer-runner';
import { kafkaConnectionFromEnv } from '../kafka/kafka-options';
import { KafkaPublisher } from '../kafka/kafka-publisher';
import { MESSAGE_PUBLISHER } from '../message-bus';
import { OutboxRelay } from '../outbox/outbox-relay';
import { DeadLetterStore } from '../dead-letters/dead-letter-store';
import { DeadLetterBox } from './dead-letter-box';
import { EventConsumers } from './event-consumers';
import { KafkaHealthIndicator } from './kafka-health.indicator';
import { KafkaEventServer } from './kafka-event-server';
import { ConsumerLagMetrics, ConsumerMetrics, OutboxMetrics } from './messaging-metrics';
import { KAFKA, MESSAGING_OPTIONS, TOPIC_NAMESPACE } from './tokens';
import { TopicNamespace, topicNamespaceFromEnv } from '../kafka/topic-namespace';
import { LoopHealth } from '@inventory/observability';

export interface MessagingOptions {
  /** Used as Kafka client id and as the consumer-group prefix. */
  readonly serviceName: string;
  /** The service's own history tables, pruned with the inbox and the dead letters. */
  readonly history?: readonly HistoryRetention[];
}

const kafkaLogger =
  (logger: NestLogger) =>
  () =>
  ({ level, log }: LogEntry) => {
    const text = `${log.message}${log.error ? `: ${log.error}` : ''}`;
    if (level === KafkaLogLevel.ERROR) logger.error(text);
    else if (level === KafkaLogLevel.WARN) logger.warn(text);
    else logger.debug(text);
  };

/**
 * Starts the outbox relay and the pruning with the app; on shutdown waits for the consumers to
 * stop, stops the pruning, flushes the relay, then closes the producer.
 */
@Injectable()
class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly retention: MessagingRetention,
    @Inject(MESSAGE_PUBLISHER) private readonly publisher: KafkaPublisher,
    private readonly consumers: EventConsumers,
  ) {}

  onApplicationBootstrap(): void {
    this.relay.start();
    this.retention.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Nest runs the shutdown hooks of one module side by side: the consumers must be done before
    // the relay's last flush, or what their last batch wrote waits in the outbox for the next start.
    await this.consumers.beforeApplicationShutdown();
    this.retention.stop();
    await this.relay.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.disconnect();
  }
}

/**
 * Kafka (kafkajs behind the MessagePublisher / EventConsumerRunner ports), the transactional
 * outbox relay and the unit of work. Needs a TypeORM DataSource in the application.
 * Environment: see kafkaConnectionFromEnv; KAFKA_GROUP_SUFFIX is appended to consumer groups,
 * KAFKA_TOPIC_PREFIX is put before every topic name (TopicNamespace).
 */
@Module({})
export class MessagingModule {
  static forService(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: [TerminusModule],
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        {
          provide: KAFKA,
          useFactory: () =>
            new Kafka({
              ...kafkaConnectionFromEnv(options.serviceName),
              logCreator: kafkaLogger(new NestLogger('kafkajs')),
            }),
        },
        { provide: TOPIC_NAMESPACE, useFactory: () => topicNamespaceFromEnv() },
        {
          provide: MESSAGE_PUBLISHER,
          useFactory: (kafka: Kafka, namespace: TopicNamespace) => new KafkaPublisher(kafka, namespace),
          inject: [KAFKA, TOPIC_NAMESPACE],
        },
        ConsumerMetrics,
        ConsumerLagMetrics,
        OutboxMetrics,
        {
          provide: EVENT_CONSUMER_RUNNER,
          useFactory: (
            kafka: Kafka,
            publisher: KafkaPublisher,
            observer: ConsumerMetrics,
            deadLetters: DeadLetterStore,
            namespace: TopicNamespace,
          ) =>
            new KafkaConsumerRunner(kafka, publisher, {
              groupSuffix: process.env.KAFKA_GROUP_SUFFIX ?? '',
              namespace,
              fromBeginning: process.env.KAFKA_FROM_BEGINNING !== 'false',
              sessionTimeoutMs: Number(process.env.KAFKA_SESSION_TIMEOUT_MS ?? 6_000),
              observer,
              recordDeadLetter: (letter) => deadLetters.record(letter),
            }),
          inject: [KAFKA, MESSAGE_PUBLISHER, ConsumerMetrics, DeadLetterStore, TOPIC_NAMESPACE],
        },
        {
          provide: OutboxRelay,
          useFactory: (dataSource: DataSource, publisher: KafkaPublisher, loops: LoopHealth) =>
            new OutboxRelay(dataSource, publisher, {}, loops),
          inject: [DataSource, MESSAGE_PUBLISHER, LoopHealth],
        },
        {
          provide: UnitOfWork,
          useFactory: (dataSource: DataSource, relay: OutboxRelay) => new UnitOfWork(dataSource, relay),
          inject: [DataSource, OutboxRelay],
        },
        {
          provide: MessagingRetention,
          useFactory: (dataSource: DataSource, loops: LoopHealth) =>
            new MessagingRetention(
              dataSource,
              { ...messagingRetentionFromEnv(), history: options.history ?? [] },
              loops,
            ),
          inject: [DataSource, LoopHealth],
        },
        {
          provide: DeadLetterStore,
          useFactory: (dataSource: DataSource) => new DeadLetterStore(dataSource),
          inject: [DataSource],
        },
        EventConsumers,
        KafkaEventServer,
        DeadLetterBox,
        KafkaHealthIndicator,
        MessagingLifecycle,
      ],
      exports: [
        KAFKA,
        MESSAGE_PUBLISHER,
        EVENT_CONSUMER_RUNNER,
        OutboxRelay,
        UnitOfWork,
        EventConsumers,
        KafkaEventServer,
        DeadLetterBox,
        KafkaHealthIndicator,
      ],
    };
  }
}
