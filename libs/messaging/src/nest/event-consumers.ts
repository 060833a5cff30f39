import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import {
  EVENT_CONSUMER_RUNNER,
  EventConsumerRunner,
  EventSubscription,
  RunningConsumer,
} from '../consumer/event-subscription';

/** Starts a service's subscriptions and stops them first on shutdown (before the DB closes). */
@Injectable()
export class EventConsumers implements BeforeApplicationShutdown {
  private readonly logger = new Logger(EventConsumers.name);
  private readonly running: RunningConsumer[] = [];

  constructor(@Inject(EVENT_CONSUMER_RUNNER) private readonly runner: EventConsumerRunner) {}

  async start(subscription: EventSubscription): Promise<void> {
    this.running.push(await this.runner.run(subscription));
    this.logger.log(`Consuming ${subscription.topics.join(', ')} as ${subscription.groupId}`);
  }

  /** Every consumer has joined its group (readiness). */
  status(): { ready: boolean; groups: Record<string, boolean> } {
    const groups = Object.fromEntries(this.running.map((consumer) => [consumer.groupId, consumer.isReady()]));
    return { ready: this.running.every((consumer) => consumer.isReady()), groups };
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.running.splice(0).map((consumer) => consumer.stop()));
  }
}
