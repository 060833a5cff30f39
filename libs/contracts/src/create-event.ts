import { randomUUID } from 'node:crypto';
import { EventEnvelope } from './envelope';
import { EVENT_SCHEMAS, EventData, EventOf, EventType } from './registry';

export interface EventMetadata {
  /** The producing service, e.g. `reservation`. */
  readonly source: string;
  /** The event that caused this one: its correlation id is carried on. */
  readonly causedBy?: Pick<EventEnvelope, 'eventId' | 'correlationId'>;
  readonly correlationId?: string;
  readonly eventId?: string;
  readonly occurredAt?: Date;
}

/** Builds an envelope with a fresh id and the causation chain of the event that led to it. */
export function createEvent<T extends EventType>(
  type: T,
  data: EventData<T>,
  meta: EventMetadata,
): EventOf<T> {
  const eventId = meta.eventId ?? randomUUID();
  const envelope: EventEnvelope<T, EventData<T>> = {
    eventId,
    type,
    version: EVENT_SCHEMAS[type].version,
    occurredAt: (meta.occurredAt ?? new Date()).toISOString(),
    correlationId: meta.causedBy?.correlationId ?? meta.correlationId ?? eventId,
    causationId: meta.causedBy?.eventId ?? null,
    source: meta.source,
    data: { ...data },
  };
  return envelope as unknown as EventOf<T>;
}
