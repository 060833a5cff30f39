import { EventEnvelope, HEADER, IntegrationEvent, topicOf } from '@inventory/contracts';

/** A message ready for the broker: the ordering key decides its partition. */
export interface OutgoingMessage {
  readonly topic: string;
  readonly key: string;
  /** null only for a tombstone on a compacted topic (the key is gone). */
  readonly value: string | null;
  readonly headers: Readonly<Record<string, string>>;
}

/** Port: publishes messages in the given order (per key) and resolves once the broker has them. */
export interface MessagePublisher {
  publish(messages: readonly OutgoingMessage[]): Promise<void>;
}

export const MESSAGE_PUBLISHER = Symbol('MESSAGE_PUBLISHER');

export function envelopeHeaders(envelope: EventEnvelope): Record<string, string> {
  return {
    [HEADER.eventType]: envelope.type,
    [HEADER.eventId]: envelope.eventId,
    [HEADER.correlationId]: envelope.correlationId,
  };
}

/** Serialises an integration event for its contract topic, keyed by its ordering key. */
export function toOutgoingMessage(event: IntegrationEvent, key: string): OutgoingMessage {
  return {
    topic: topicOf(event.type),
    key,
    value: JSON.stringify(event),
    headers: envelopeHeaders(event),
  };
}
