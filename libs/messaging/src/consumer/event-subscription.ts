import { IntegrationEvent, Refusal } from '@inventory/contracts';

export interface MessagePosition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
}

export interface PositionedEvent {
  readonly event: IntegrationEvent;
  readonly position: MessagePosition;
}

/** What a service consumes: one consumer group, its topics and the handler of each event. */
export interface EventSubscription {
  /** The consumer group, normally the service name (one group per service). */
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly handle: (event: IntegrationEvent, position: MessagePosition) => Promise<void>;
  /**
   * For hot paths: the valid events of a fetched batch in one call (one transaction, say). If it
   * fails twice, the batch is handled again one event at a time through `handle`, so a single bad
   * event is retried and dead-lettered alone.
   */
  readonly handleBatch?: (events: readonly PositionedEvent[]) => Promise<void>;
  /** Most events per handleBatch call (default 500). */
  readonly maxBatchSize?: number;
  /** Attempts before a failing message goes to the dead-letter topic (default 5). */
  readonly maxAttempts?: number;
  /**
   * How many partitions' batches are handled at once (default 1: one after the other). A handler
   * that gathers concurrent work into one write (the reservation service's writer) takes the
   * batches of every partition in one go instead of one commit per partition in turn. Each
   * partition is still handled in order.
   */
  readonly concurrentPartitions?: number;
  /**
   * A live view passes on what happens from now on (a group of its own per process): it starts at
   * the end of its topics whatever KAFKA_FROM_BEGINNING says, commits no offsets, and skips with a
   * warning a message it cannot handle instead of dead-lettering it, since the topic's durable
   * consumers already dead-letter it and ops should see each bad message once.
   */
  readonly liveView?: boolean;
}

/** Port: runs subscriptions; `stop` lets the message in hand finish, then leaves the group. */
export interface EventConsumerRunner {
  run(subscription: EventSubscription): Promise<RunningConsumer>;
}

export interface RunningConsumer {
  readonly groupId: string;
  /** True once the consumer has joined its group and has not crashed. */
  isReady(): boolean;
  /** While it is not ready, why, in words readiness can show ("joining its group", …). */
  notReadyBecause?(): string | undefined;
  /**
   * Resolves with the error when the consumer crashed and will not restart itself (the client's
   * own retries gave up): its owner must start it again.
   */
  readonly dead: Promise<unknown>;
  stop(): Promise<void>;
}

export const EVENT_CONSUMER_RUNNER = Symbol('EVENT_CONSUMER_RUNNER');

/**
 * A handler throws this when retrying cannot help (the event is valid but cannot be applied,
 * e.g. it would take a quantity below zero): the message goes to the DLQ at once with the reason.
 */
export class UnprocessableEventError extends Refusal {
  override readonly name = 'UnprocessableEventError';
  constructor(code: string, message: string) {
    super(code, message);
  }
}
