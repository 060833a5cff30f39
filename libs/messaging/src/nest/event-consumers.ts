import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import {
  EVENT_CONSUMER_RUNNER,
  EventConsumerRunner,
  EventSubscription,
  RunningConsumer,
} from '../consumer/event-subscription';
import { ConsumeEvents, IntegrationEventHandler } from './consume-events.decorator';

/**
 * Starts a consumer for every provider marked @ConsumeEvents once the app is up, and stops them
 * first on shutdown (before the outbox flush and the database close).
 */
@Injectable()
export class EventConsumers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(EventConsumers.name);
  private readonly running: RunningConsumer[] = [];

  constructor(
    @Inject(EVENT_CONSUMER_RUNNER) private readonly runner: EventConsumerRunner,
    private readonly discovery: DiscoveryService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const wrapper of this.discovery.getProviders({ metadataKey: ConsumeEvents.KEY })) {
      const options = this.discovery.getMetadataByDecorator(ConsumeEvents, wrapper);
      const handler = wrapper.instance as IntegrationEventHandler | undefined;
      if (!options || !handler) continue;
      await this.start({ ...options, handle: (event, position) => handler.handle(event, position) });
    }
  }

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
