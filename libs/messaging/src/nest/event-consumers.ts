import { BeforeApplicationShutdown, Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { LoopHealth, withinMs } from '@inventory/observability';
import {
  EVENT_CONSUMER_RUNNER,
  EventConsumerRunner,
  EventSubscription,
  RunningConsumer,
} from '../consumer/event-subscription';
import { sleep } from '../consumer/retry-policy';

/** How long shutdown waits for consumers still joining their group. */
const JOIN_WAIT_ON_SHUTDOWN_MS = 5_000;

export interface StartedSubscription {
  /** The group id, with KAFKA_GROUP_SUFFIX. */
  readonly groupId: string;
  /** The group's name, without the suffix, as its dead letters carry it. */
  readonly name: string;
  readonly topics: readonly string[];
  /** A live view dead-letters nothing (see EventSubscription.liveView). */
  readonly liveView: boolean;
}

/**
 * Runs the service's consumer groups (KafkaEventServer hands over those of its @EventPattern
 * handlers when the app's microservices start), starts again one that crashed, and stops them
 * first on shutdown (before the outbox flush and the database close).
 */
@Injectable()
export class EventConsumers implements BeforeApplicationShutdown {
  private readonly logger = new Logger(EventConsumers.name);
  private readonly running: RunningConsumer[] = [];
  private readonly started: StartedSubscription[] = [];
  private readonly pending = new Set<string>();
  /** Starts under way (connecting, joining): shutdown waits a moment for them, then stops them. */
  private readonly starting = new Set<Promise<void>>();
  private stopping = false;

  constructor(
    @Inject(EVENT_CONSUMER_RUNNER) private readonly runner: EventConsumerRunner,
    @Optional() private readonly loops?: LoopHealth,
  ) {}

  /**
   * Starts a consumer for the subscription without holding up start-up (joining a group can take a
   * session timeout when a crashed instance of this service is still a member; until every consumer
   * has joined, /health answers 503 while /health/live and the HTTP routes already answer), and
   * starts it again until it works.
   */
  startInBackground(subscription: EventSubscription): void {
    if (this.stopping) return;
    this.pending.add(subscription.groupId);
    void this.startWithRetry(subscription);
  }

  async start(subscription: EventSubscription): Promise<void> {
    const consumer = await this.runner.run(subscription);
    // Joined after shutdown began: it would consume with the database already closing.
    if (this.stopping) return consumer.stop();
    this.running.push(consumer);
    if (!this.started.some((started) => started.name === subscription.groupId))
      this.started.push({
        groupId: consumer.groupId,
        name: subscription.groupId,
        topics: subscription.topics,
        liveView: subscription.liveView ?? false,
      });
    this.logger.log(`Consuming ${subscription.topics.join(', ')} as ${subscription.groupId}`);
    // A consumer that crashed for good is replaced, however often, until shutdown.
    void consumer.dead.then((error) => this.replace(subscription, consumer, error));
  }

  private async startWithRetry(subscription: EventSubscription): Promise<void> {
    const loop = `consumer:${subscription.groupId}`;
    for (let attempt = 1; !this.stopping; attempt++) {
      const starting = this.start(subscription);
      this.starting.add(starting);
      try {
        await starting;
        this.pending.delete(subscription.groupId);
        this.loops?.ok(loop);
        return;
      } catch (error) {
        if (this.stopping) return;
        this.loops?.failed(loop, error);
        this.logger.error(
          `Consumer ${subscription.groupId} could not start (attempt ${attempt}): ${String(error)}`,
        );
        await sleep(Math.min(30_000, 1_000 * 2 ** Math.min(attempt, 5)));
      } finally {
        this.starting.delete(starting);
      }
    }
  }

  private async replace(
    subscription: EventSubscription,
    dead: RunningConsumer,
    error: unknown,
  ): Promise<void> {
    if (this.stopping) return;
    this.loops?.failed(`consumer:${subscription.groupId}`, error);
    this.logger.error(
      `Consumer ${subscription.groupId} crashed for good, starting it again: ${String(error)}`,
    );
    this.running.splice(this.running.indexOf(dead), 1);
    this.pending.add(subscription.groupId);
    await dead.stop().catch(() => undefined);
    await this.startWithRetry(subscription);
  }

  /** The consumer groups running. */
  subscriptions(): readonly StartedSubscription[] {
    return this.started;
  }

  /** Every consumer has joined its group (readiness); of those that have not, why. */
  status(): { ready: boolean; groups: Record<string, boolean>; notReady: Record<string, string> } {
    const groups = Object.fromEntries([
      ...[...this.pending].map((groupId) => [groupId, false] as const),
      ...this.running.map((consumer) => [consumer.groupId, consumer.isReady()] as const),
    ]);
    const notReady = Object.fromEntries([
      ...[...this.pending].map((groupId) => [groupId, 'starting'] as const),
      ...this.running
        .filter((consumer) => !consumer.isReady())
        .map((consumer) => [consumer.groupId, consumer.notReadyBecause?.() ?? 'not ready'] as const),
    ]);
    return {
      ready: this.pending.size === 0 && this.running.every((consumer) => consumer.isReady()),
      groups,
      notReady,
    };
  }

  /** Stops every consumer, once: whoever calls again (the outbox's shutdown) waits for the same stop. */
  beforeApplicationShutdown(): Promise<void> {
    this.stopped ??= this.stopAll();
    return this.stopped;
  }

  private stopped?: Promise<void>;

  private async stopAll(): Promise<void> {
    this.stopping = true;
    // A consumer still joining its group is waited for a moment and stopped once it has joined
    // (start() sees `stopping`); a join that takes longer (a dead member still in the group) is
    // not: the process exits and the broker drops the half-joined member after its session timeout.
    await withinMs(Promise.allSettled([...this.starting]), JOIN_WAIT_ON_SHUTDOWN_MS, () => []);
    await Promise.all(this.running.splice(0).map((consumer) => consumer.stop()));
  }
}
