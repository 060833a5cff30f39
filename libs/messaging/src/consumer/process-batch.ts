import { EventParseError, parseEvent } from '@inventory/contracts';
import { EventSubscription, PositionedEvent } from './event-subscription';
import { ProcessDependencies, ReceivedMessage, processMessage } from './process-message';
import { DEFAULT_BACKOFF, backoffDelayMs, sleep } from './retry-policy';

/** Whole-batch tries before falling back to one event at a time. */
const BATCH_ATTEMPTS = 2;

export type BatchOutcome = 'batch' | 'one-by-one';

/**
 * Hands the valid events of a batch to `handleBatch` together. Messages that are not valid
 * events are dead-lettered first (they would fail every time). When the batch keeps failing, each
 * event goes through processMessage on its own: retried, and dead-lettered if it still fails.
 */
export async function processBatch(
  messages: readonly ReceivedMessage[],
  subscription: EventSubscription & Required<Pick<EventSubscription, 'handleBatch'>>,
  deps: ProcessDependencies,
): Promise<BatchOutcome> {
  const valid: { message: ReceivedMessage; positioned: PositionedEvent }[] = [];
  for (const message of messages) {
    try {
      valid.push({ message, positioned: { event: parseEvent(message.value), position: message.position } });
    } catch (error) {
      if (!(error instanceof EventParseError)) throw error;
      await processMessage(message, subscription, deps); // dead-letters it with the parse error
    }
  }
  if (valid.length === 0) return 'batch';
  const wait = deps.wait ?? sleep;
  for (let attempt = 1; attempt <= BATCH_ATTEMPTS; attempt++) {
    try {
      await subscription.handleBatch(valid.map((v) => v.positioned));
      return 'batch';
    } catch (error) {
      deps.onRetry?.(attempt, error);
      if (attempt < BATCH_ATTEMPTS) await wait(backoffDelayMs(attempt, deps.backoff ?? DEFAULT_BACKOFF));
    }
  }
  for (const { message } of valid) await processMessage(message, subscription, deps);
  return 'one-by-one';
}
