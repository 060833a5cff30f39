import { AsyncLocalStorage } from 'node:async_hooks';

/** The Kafka event being handled, as log lines carry it. */
export interface EventContext {
  readonly eventId?: string;
  readonly eventType?: string;
  readonly correlationId?: string;
  readonly causationId?: string | null;
  /** `topic[partition]@offset` */
  readonly message?: string;
}

const storage = new AsyncLocalStorage<EventContext>();

/** Runs `work` with the event as context: every log line written meanwhile carries its ids. */
export function runInEventContext<T>(context: EventContext, work: () => T): T {
  return storage.run(context, work);
}

/** The event being handled on this async path, if any. */
export function currentEventContext(): EventContext | undefined {
  return storage.getStore();
}
