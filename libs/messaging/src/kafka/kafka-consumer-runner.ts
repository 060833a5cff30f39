import { Logger } from '@nestjs/common';
import { Batch, Consumer, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { ConsumerObserver } from '../consumer/consumer-observer';
import { DeadLetter, deadLetterMessage } from '../consumer/dead-letter';
import { isInfrastructureUnavailable } from '../consumer/transient-errors';
import { EventConsumerRunner, EventSubscription, RunningConsumer } from '../consumer/event-subscription';
import { processBatch } from '../consumer/process-batch';
import { backoffDelayMs, sleep } from '../consumer/retry-policy';
import { ProcessDependencies, ReceivedMessage, processMessage } from '../consumer/process-message';
import { MessagePublisher } from '../message-bus';
import { LazyKafkaAdmin } from './lazy-kafka-admin';
import { TopicNamespace } from './topic-namespace';

function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined)
      result[name] = Array.isArray(value) ? value.map(String).join(',') : String(value);
  }
  return result;
}

/** A group join slower than this is logged as a warning (the faults run reads them). */
const SLOW_JOIN_MS = 3_000;

/** kafkajs's errors that mean the group is rebalancing: the member must rejoin. */
const REBALANCING = new Set(['REBALANCE_IN_PROGRESS', 'NOT_COORDINATOR_FOR_GROUP', 'ILLEGAL_GENERATION']);
const isRebalancing = (error: unknown) =>
  REBALANCING.has((error as { type?: string } | undefined)?.type ?? '');

const nextOffset = (offset: string) => (BigInt(offset) + 1n).toString();

export interface KafkaConsumerOptions {
  /** New groups read topics from the start: projections need every event, consumers are idempotent. */
  readonly fromBeginning?: boolean;
  /** Appended to every group id, so tests can run beside a developer's system on one broker. */
  readonly groupSuffix?: string;
  /** Where the subscribed topics are on the broker (KAFKA_TOPIC_PREFIX); handlers see contract names. */
  readonly namespace?: TopicNamespace;
  readonly observer?: ConsumerObserver;
  /**
   * How long a member may stay silent before the group gives its partitions to the others
   * (KAFKA_SESSION_TIMEOUT_MS, 6 s, the least the broker accepts by default; up to 5 min): with
   * a heartbeat every sixth of it (the survivors learn of the rebalance at their next one), the
   * time a killed instance's work waits before it resumes elsewhere is about 6–8 s.
   */
  readonly sessionTimeoutMs?: number;
  /** Keeps a letter in the service's database (DeadLetterStore) before it goes to the DLQ topic. */
  readonly recordDeadLetter?: (letter: DeadLetter) => Promise<void>;
}

class KafkaRunningConsumer implements RunningConsumer {
  private readonly logger: Logger;
  private joined = false;
  private crashed = false;
  private stopping = false;
  /** False while the partitions of the last join wait for their start to be pinned. */
  private pinned = true;
  /** Why the last attempt at pinning failed (readiness shows it while it keeps failing). */
  private pinError?: string;
  /** Each join starts a new round of pinning; an older round that is still trying gives up. */
  private pinRound = 0;
  readonly dead: Promise<unknown>;
  private died!: (error: unknown) => void;

  constructor(
    private readonly consumer: Consumer,
    private readonly subscription: EventSubscription,
    private readonly deadLetters: MessagePublisher,
    readonly groupId: string,
    private readonly observer?: ConsumerObserver,
    private readonly recordDeadLetter?: (letter: DeadLetter) => Promise<void>,
    /** Set when the group starts at the end of its topics: its admin client, to pin that end. */
    private readonly startAtEnd?: LazyKafkaAdmin,
    private readonly namespace = TopicNamespace.NONE,
  ) {
    this.logger = new Logger(`Consumer:${groupId}`);
    this.dead = new Promise((resolve) => (this.died = resolve));
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      this.joined = true;
      this.crashed = false;
      // A join waits for every member of the group to rejoin: a long one means a member kept the
      // group waiting (a long batch, a retry loop), and this instance's partitions waited with it.
      const { duration, memberAssignment } = event.payload;
      const partitions = Object.values(memberAssignment).flat().length;
      const text = `Joined the group in ${(duration / 1000).toFixed(1)} s with ${partitions} partition(s)`;
      if (duration >= SLOW_JOIN_MS) this.logger.warn(text);
      else this.logger.log(text);
      if (this.startAtEnd) this.pinEnds(memberAssignment);
    });
    consumer.on(consumer.events.CRASH, (event) => {
      this.crashed = true;
      this.logger.error(
        `Consumer crashed (restart: ${event.payload.restart}): ${event.payload.error?.message}`,
      );
      // kafkajs restarts a consumer after a retriable crash; after any other it stays down.
      if (!event.payload.restart && !this.stopping) this.died(event.payload.error ?? new Error('crashed'));
    });
  }

  isReady(): boolean {
    return this.notReadyBecause() === undefined;
  }

  notReadyBecause(): string | undefined {
    if (this.stopping) return 'stopping';
    if (this.crashed) return 'crashed';
    if (!this.joined) return 'joining its group';
    if (!this.pinned)
      return `committing the start of its new partitions${this.pinError ? ` (${this.pinError})` : ''}`;
    return undefined;
  }

  /**
   * "Start at the end" must mean the end when the group first starts, not at every restart: a
   * partition the group has never committed has no offset, and without one a restart would skip
   * what arrived there while the service was down. So, at every join, the member commits the
   * current end of each partition it was given that has no committed offset yet.
   *
   * The partitions stay paused until then, so none is read from a position other than the one
   * committed (kafkajs would otherwise fetch from the end it saw, perhaps before the commit). A
   * member commits inside the group: no admin call has to wait for the group to be empty (two
   * instances starting together each took the other's presence as proof that it had pinned).
   */
  private pinEnds(assignment: Record<string, number[]>): void {
    const round = ++this.pinRound;
    const assigned = Object.entries(assignment)
      .filter(([, partitions]) => partitions.length)
      .map(([topic, partitions]) => ({ topic, partitions }));
    if (!assigned.length) return;
    this.pinned = false;
    this.consumer.pause(assigned);
    void (async () => {
      for (let attempt = 1; round === this.pinRound && !this.stopping; attempt++) {
        try {
          await this.commitEndsOfUncommitted(assigned);
          if (round !== this.pinRound) return; // a newer join pins (and resumes) its own partitions
          this.consumer.resume(assigned);
          this.pinned = true;
          this.pinError = undefined;
          return;
        } catch (error) {
          this.pinError = `attempt ${attempt}: ${String(error)}`;
          // A rebalance under way (the next join pins again), the broker away: tried again.
          this.logger.warn(`Could not pin the start of its partitions (attempt ${attempt}): ${error}`);
          await sleep(backoffDelayMs(Math.min(attempt, 6)));
        }
      }
    })();
  }

  private async commitEndsOfUncommitted(assigned: { topic: string; partitions: number[] }[]) {
    const admin = await this.startAtEnd!.get();
    const topics = assigned.map(({ topic }) => topic);
    const committed = await admin.fetchOffsets({ groupId: this.groupId, topics });
    const pins: { topic: string; partition: number; offset: string }[] = [];
    for (const { topic, partitions } of committed) {
      const mine = new Set(assigned.find((entry) => entry.topic === topic)?.partitions);
      const unset = partitions.filter((p) => mine.has(p.partition) && p.offset === '-1');
      if (!unset.length) continue;
      const ends = new Map((await admin.fetchTopicOffsets(topic)).map((end) => [end.partition, end.high]));
      for (const { partition } of unset) pins.push({ topic, partition, offset: ends.get(partition) ?? '0' });
    }
    if (pins.length) {
      await this.consumer.commitOffsets(pins);
      this.logger.log(`Pinned the start of ${pins.length} partition(s) at their end`);
    }
  }

  async start(fromBeginning: boolean): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: this.subscription.topics.map((topic) => this.namespace.physical(topic)),
      fromBeginning,
    });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.subscription.concurrentPartitions ?? 1,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        // A retry loop's heartbeat that learns of a rebalance ends the loop: the group waits for
        // every member to rejoin (up to the rebalance timeout, 60 s), so a member retrying through
        // an outage would hold every partition of the group, not just its own, for that long.
        // The rebalance error is thrown on, and kafkajs rejoins; the message is delivered again.
        const rebalance: { error?: unknown } = {};
        const dependencies = this.dependencies(isRunning, heartbeat, rebalance);
        try {
          await this.eachBatch(batch, resolveOffset, heartbeat, isRunning, isStale, dependencies);
        } catch (error) {
          throw rebalance.error ?? error;
        }
      },
    });
  }

  private async eachBatch(
    batch: Batch,
    resolveOffset: (offset: string) => void,
    heartbeat: () => Promise<void>,
    isRunning: () => boolean,
    isStale: () => boolean,
    dependencies: ProcessDependencies,
  ): Promise<void> {
    const commit = async (offset: string) => {
      resolveOffset(offset);
      // Commit after the effect: a crash before this line re-delivers, and handlers are idempotent.
      if (!this.subscription.liveView)
        await this.consumer.commitOffsets([
          { topic: batch.topic, partition: batch.partition, offset: nextOffset(offset) },
        ]);
      await heartbeat();
    };
    const topic = this.namespace.logical(batch.topic); // what handlers, letters and metrics name
    const { handleBatch } = this.subscription;
    if (handleBatch) {
      const size = this.subscription.maxBatchSize ?? 500;
      for (let start = 0; start < batch.messages.length; start += size) {
        if (!isRunning() || isStale()) break;
        const chunk = batch.messages.slice(start, start + size);
        const received = chunk.map((message) => this.received(topic, batch.partition, message));
        await processBatch(received, { ...this.subscription, handleBatch }, dependencies);
        await commit(chunk[chunk.length - 1].offset);
        this.observer?.consumed(this.groupId, topic, chunk.length);
      }
      return;
    }
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break;
      await processMessage(this.received(topic, batch.partition, message), this.subscription, dependencies);
      await commit(message.offset);
      this.observer?.consumed(this.groupId, topic, 1);
    }
  }

  private received(topic: string, partition: number, message: KafkaMessage): ReceivedMessage {
    return {
      position: { topic, partition, offset: message.offset, key: message.key?.toString() ?? null },
      value: message.value,
      headers: headersToStrings(message.headers),
    };
  }

  private dependencies(
    isRunning: () => boolean,
    heartbeat: () => Promise<void>,
    rebalance: { error?: unknown },
  ): ProcessDependencies {
    return {
      sendToDeadLetter: async (letter) => {
        const { topic, partition, offset } = letter.position;
        if (this.subscription.liveView) {
          this.logger.warn(`${topic}[${partition}]@${offset} skipped (${letter.reason}): ${letter.error}`);
          return;
        }
        // The table first: if the publish then fails, the retry updates the same row. A database
        // that is away fails the attempt (retried); a row it refuses for good is logged and the
        // letter still goes to the DLQ topic: the consumer must not stall on one message.
        await this.recordDeadLetter?.(letter).catch((error: unknown) => {
          if (isInfrastructureUnavailable(error)) throw error;
          this.logger.error(`${topic}[${partition}]@${offset} not kept in dead_letters: ${error}`);
        });
        await this.deadLetters.publish([deadLetterMessage(letter)]);
        this.observer?.deadLettered(this.groupId, topic, letter.reason);
        this.logger.error(
          `${topic}[${partition}]@${offset} dead-lettered (${letter.reason}): ${letter.error}`,
        );
      },
      onRetry: (attempt, error, position) => {
        const where = position ? `${position.topic}[${position.partition}]@${position.offset}` : 'batch';
        this.logger.warn(`${where} attempt ${attempt} failed: ${String(error)}`);
        // Still alive while it retries: the group must not give its partitions away meanwhile.
        heartbeat().catch((failure: unknown) => {
          if (isRebalancing(failure)) rebalance.error ??= failure;
        });
      },
      isRunning: () => isRunning() && !this.stopping && rebalance.error === undefined,
    };
  }

  async stop(): Promise<void> {
    this.stopping = true;
    // disconnect() waits for the batch in hand to finish before leaving the group.
    await this.consumer.disconnect();
    await this.startAtEnd?.drop();
  }
}

/** Runs each subscription as its own kafkajs consumer with manual, per-message offset commits. */
export class KafkaConsumerRunner implements EventConsumerRunner {
  constructor(
    private readonly kafka: Kafka,
    private readonly deadLetters: MessagePublisher,
    private readonly options: KafkaConsumerOptions = {},
  ) {}

  async run(subscription: EventSubscription): Promise<RunningConsumer> {
    const groupId = `${subscription.groupId}${this.options.groupSuffix ?? ''}`;
    // A short fetch wait lets disconnect() on shutdown return within about a second. The session
    // timeout is how long the partitions of an instance that died wait before another takes them.
    const sessionTimeout = this.options.sessionTimeoutMs ?? 6_000;
    const consumer = this.kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      sessionTimeout,
      heartbeatInterval: Math.max(500, Math.floor(sessionTimeout / 6)),
      maxWaitTimeInMs: 1_000,
    });
    const fromBeginning = subscription.liveView ? false : (this.options.fromBeginning ?? true);
    // A live view's group is new and commits nothing: "latest" is where it should start.
    const startAtEnd = !fromBeginning && !subscription.liveView ? new LazyKafkaAdmin(this.kafka) : undefined;
    const running = new KafkaRunningConsumer(
      consumer,
      subscription,
      this.deadLetters,
      groupId,
      this.options.observer,
      this.options.recordDeadLetter,
      startAtEnd,
      this.options.namespace,
    );
    await running.start(fromBeginning);
    return running;
  }
}
