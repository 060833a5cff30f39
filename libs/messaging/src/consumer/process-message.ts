import { EventParseError, IntegrationEvent, Refusal, parseEvent } from '@inventory/contracts';
import { EventContext, runInEventContext } from '@inventory/observability';
import { DeadLetter } from './dead-letter';
import { EventSubscription, MessagePosition } from './event-subscription';
import { BackoffOptions, DEFAULT_BACKOFF, backoffDelayMs, sleep } from './retry-policy';
import { isInfrastructureUnavailable } from './transient-errors';

export interface ReceivedMessage {
  readonly position: MessagePosition;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
}

export type ProcessOutcome =
  | { readonly kind: 'handled'; readonly attempts: number }
  | { readonly kind: 'dead-lettered'; readonly letter: DeadLetter };

export interface ProcessDependencies {
  readonly sendToDeadLetter: (letter: DeadLetter) => Promise<void>;
  readonly onRetry?: (attempt: number, error: unknown, position?: MessagePosition) => void;
  readonly backoff?: BackoffOptions;
  readonly wait?: (ms: number) => Promise<void>;
  /** False once shutdown began: stop retrying and leave the offset uncommitted. */
  readonly isRunning?: () => boolean;
  readonly now?: () => Date;
}

export class ShutdownDuringRetry extends Error {
  override readonly name = 'ShutdownDuringRetry';
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** What log lines written while a message is handled carry (its ids, where it was read). */
function contextOf(message: ReceivedMessage, event?: IntegrationEvent): EventContext {
  const { topic, partition, offset } = message.position;
  return {
    message: `${topic}[${partition}]@${offset}`,
    eventId: event?.eventId ?? message.headers['event-id'],
    eventType: event?.type ?? message.headers['event-type'],
    correlationId: event?.correlationId ?? message.headers['correlation-id'],
    causationId: event?.causationId,
  };
}

/**
 * Parses one message and hands it to the subscription with bounded retries. A message that is
 * not a valid event, that the handler refuses, or that still fails after the last attempt is
 * dead-lettered so the partition keeps moving. Only when the dead-letter publish itself fails
 * does this throw, and then the offset must not be committed.
 */
export async function processMessage(
  message: ReceivedMessage,
  subscription: EventSubscription,
  deps: ProcessDependencies,
): Promise<ProcessOutcome> {
  const now = deps.now ?? (() => new Date());
  const deadLetter = async (reason: string, error: string, attempts: number): Promise<ProcessOutcome> => {
    const letter: DeadLetter = {
      ...message,
      groupId: subscription.groupId,
      reason,
      error,
      attempts,
      failedAt: now(),
    };
    await deps.sendToDeadLetter(letter);
    return { kind: 'dead-lettered', letter };
  };

  const handleWithRetries = async (event: IntegrationEvent): Promise<ProcessOutcome> => {
    const maxAttempts = subscription.maxAttempts ?? 5;
    const wait = deps.wait ?? sleep;
    // Failures while the database or broker is away do not count: the event is not at fault.
    let counted = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        await subscription.handle(event, message.position);
        return { kind: 'handled', attempts: attempt };
      } catch (error) {
        // A refusal is the event's own fault: retrying cannot help (UnprocessableEventError is one).
        if (error instanceof Refusal) return deadLetter(error.code, error.message, attempt);
        if (!isInfrastructureUnavailable(error)) counted++;
        if (counted >= maxAttempts) return deadLetter('handler_failed', describe(error), attempt);
        deps.onRetry?.(attempt, error, message.position);
        if (deps.isRunning && !deps.isRunning()) throw new ShutdownDuringRetry(describe(error));
        await wait(backoffDelayMs(Math.min(attempt, 10), deps.backoff ?? DEFAULT_BACKOFF));
      }
    }
  };

  // Whatever is logged from here on (retries, the handler's own lines, the dead letter) carries
  // the event's ids, or the message's position and headers when it is no event.
  let event: IntegrationEvent;
  try {
    event = parseEvent(message.value);
  } catch (error) {
    if (error instanceof EventParseError) {
      return runInEventContext(contextOf(message), () => deadLetter(error.reason, error.message, 0));
    }
    throw error;
  }
  return runInEventContext(contextOf(message, event), () => handleWithRetries(event));
}
