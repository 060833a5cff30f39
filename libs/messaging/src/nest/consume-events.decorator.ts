import { DiscoveryService } from '@nestjs/core';
import { IntegrationEvent } from '@inventory/contracts';
import { EventSubscription, MessagePosition, PositionedEvent } from '../consumer/event-subscription';

export type ConsumerOptions = Omit<EventSubscription, 'handle' | 'handleBatch'>;

/** A provider that consumes integration events; mark it with @ConsumeEvents. */
export interface IntegrationEventHandler {
  handle(event: IntegrationEvent, position: MessagePosition): Promise<void>;
  /** Optional, for hot paths: a fetched batch at once (see EventSubscription.handleBatch). */
  handleBatch?(events: readonly PositionedEvent[]): Promise<void>;
}

/**
 * Marks a provider as a consumer: EventConsumers starts one consumer group for it when the app
 * has bootstrapped and stops it first on shutdown.
 *
 *   @Injectable() @ConsumeEvents({ groupId: 'fulfillment', topics: [TOPICS.orders] })
 *   export class OrdersHandler implements IntegrationEventHandler { async handle(event) { … } }
 */
export const ConsumeEvents = DiscoveryService.createDecorator<ConsumerOptions>();
