import { DiscoveryService } from '@nestjs/core';
import { IntegrationEvent } from '@inventory/contracts';
import { EventSubscription, MessagePosition } from '../consumer/event-subscription';

export type ConsumerOptions = Omit<EventSubscription, 'handle'>;

/** A provider that consumes integration events; mark it with @ConsumeEvents. */
export interface IntegrationEventHandler {
  handle(event: IntegrationEvent, position: MessagePosition): Promise<void>;
}

/**
 * Marks a provider as a consumer: EventConsumers starts one consumer group for it when the app
 * has bootstrapped and stops it first on shutdown.
 *
 *   @Injectable() @ConsumeEvents({ groupId: 'fulfillment', topics: [TOPICS.orders] })
 *   export class OrdersHandler implements IntegrationEventHandler { async handle(event) { … } }
 */
export const ConsumeEvents = DiscoveryService.createDecorator<ConsumerOptions>();
