import { ArgumentsHost, Catch, Injectable, RpcExceptionFilter } from '@nestjs/common';
import { BaseRpcContext, CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { EVENT_SCHEMAS, EventType, IntegrationEvent, topicOf } from '@inventory/contracts';
import { Observable, isObservable, lastValueFrom, throwError } from 'rxjs';
import { eachRun } from '../consumer/each-run';
import { EventSubscription, MessagePosition, PositionedEvent } from '../consumer/event-subscription';
import { EventConsumers } from './event-consumers';

/**
 * The extras of an `@EventPattern` this transport reads: the consumer group the handler belongs to
 * and how it is fed.
 *
 *   @EventPattern('OrderPlaced', { group: 'fulfillment' })
 *   placed(@Payload() event: EventOf<'OrderPlaced'>, @Ctx() context: KafkaEventContext) { … }
 *
 *   // A fetched batch at once (one transaction for many events), for hot paths:
 *   @EventPattern(['OrderPlaced', 'OrderCanceled'], { group: 'fulfillment', batch: true })
 *   orders(@Payload() events: PositionedEvent[]) { … }
 */
export interface KafkaEventExtras {
  /** The consumer group (one per service and purpose); KAFKA_GROUP_SUFFIX is appended. */
  readonly group: string;
  /**
   * The handler takes the group's events of its types from a fetched batch at once, as
   * PositionedEvent[]. Should a batch fail twice, its events are handled one at a time, each
   * through its type's own handler if the group has one, else through this handler alone.
   */
  readonly batch?: boolean;
  /** Most events per batch (default 500). */
  readonly maxBatchSize?: number;
  /** Attempts before a failing message goes to the dead-letter topic (default 5). */
  readonly maxAttempts?: number;
  /** Partitions handled at once (default 1; see EventSubscription.concurrentPartitions). */
  readonly concurrentPartitions?: number;
  /**
   * A live view (a group of its own per process, from the end of its topics, committing nothing,
   * skipping what it cannot handle: see EventSubscription.liveView).
   */
  readonly liveView?: boolean;
}

/** What `@Ctx()` gives a handler: where the message (or each message of a batch) was on Kafka. */
export class KafkaEventContext extends BaseRpcContext<[readonly MessagePosition[]]> {
  /** The positions of the messages handled, in order (one unless the handler takes batches). */
  getPositions(): readonly MessagePosition[] {
    return this.getArgByIndex(0);
  }

  /** The position of the (first) message handled. */
  getPosition(): MessagePosition {
    return this.getPositions()[0];
  }
}

/**
 * Nest's exception filters answer a failed handler with an error of their own; consumers need the
 * handler's error itself (an infrastructure failure is retried for as long as it lasts, an
 * UnprocessableEventError goes to the dead letters at once).
 */
@Catch()
export class RethrowToConsumer implements RpcExceptionFilter {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}

interface GroupHandlers {
  readonly byType: Map<string, MessageHandler>;
  batch?: { readonly handler: MessageHandler; readonly extras: object; readonly types: Set<string> };
  options: Omit<KafkaEventExtras, 'group' | 'batch'>;
}

/**
 * Kafka as a NestJS transport: handlers declared with `@EventPattern('<event type>', { group })`
 * on controllers are run by one consumer per group, on the topics of their event types, through
 * EventConsumers and the batch consumer runner: the inbox, retries, dead letters, batching and
 * the restarts of a crashed consumer are theirs. Connected by createServiceApp
 * (`app.connectMicroservice({ strategy })`) and started by `app.startAllMicroservices()`.
 */
@Injectable()
export class KafkaEventServer extends Server implements CustomTransportStrategy {
  constructor(private readonly consumers: EventConsumers) {
    super();
  }

  listen(callback: (...optionalParams: unknown[]) => unknown): void {
    for (const subscription of this.subscriptions()) this.consumers.startInBackground(subscription);
    callback();
  }

  /**
   * Consumers are stopped by EventConsumers before the app's shutdown hooks close the outbox and the
   * database; by the time Nest closes its microservices, nothing is left to close.
   */
  close(): Promise<void> {
    return Promise.resolve();
  }

  on(): never {
    throw new Error('KafkaEventServer has no events to listen to');
  }

  unwrap<T>(): T {
    throw new Error('KafkaEventServer wraps no single client: see the consumer runner');
  }

  /** The subscription of one group: what its consumer runs (tests feed events through it). */
  subscription(groupId: string): EventSubscription {
    const found = this.subscriptions().find((subscription) => subscription.groupId === groupId);
    if (!found) throw new Error(`No @EventPattern handler of group ${groupId}`);
    return found;
  }

  /** One subscription per group named by the registered handlers' extras. */
  subscriptions(): EventSubscription[] {
    this.groups ??= this.groupHandlers();
    return [...this.groups].map(([groupId, group]) => subscriptionOf(groupId, group));
  }

  private groups?: Map<string, GroupHandlers>;

  private groupHandlers(): Map<string, GroupHandlers> {
    const groups = new Map<string, GroupHandlers>();
    for (const [pattern, head] of this.getHandlers()) {
      const chain: MessageHandler[] = [];
      for (let handler: MessageHandler | undefined = head; handler; handler = handler.next)
        chain.push(handler);
      for (const handler of chain) {
        // Nest chains the handlers of one pattern, and each one's wrapper runs the next too (its
        // own event bus does so): here each belongs to its own group and consumer, and runs alone.
        handler.next = undefined;
        const extras = handler.extras as Partial<KafkaEventExtras> | undefined;
        if (!handler.isEventHandler || !extras?.group)
          throw new Error(`@EventPattern('${pattern}') needs its consumer group: { group: '<name>' }`);
        if (!isEventType(pattern))
          throw new Error(`@EventPattern('${pattern}') of group ${extras.group}: no event type of that name`);
        const group: GroupHandlers = groups.get(extras.group) ?? { byType: new Map(), options: {} };
        groups.set(extras.group, group);
        group.options = { ...group.options, ...optionsOf(extras) };
        if (extras.batch) {
          // Nest registers a method of @EventPattern([...]) once per pattern, each with its own
          // wrapper but the same extras object: that is how one method is recognised.
          if (group.batch && group.batch.extras !== extras)
            throw new Error(`Group ${extras.group} has two batch handlers: one takes every batched type`);
          group.batch ??= { handler, extras, types: new Set() };
          group.batch.types.add(pattern);
        } else {
          if (group.byType.has(pattern))
            throw new Error(`Group ${extras.group} handles ${pattern} twice: one handler per type`);
          group.byType.set(pattern, handler);
        }
      }
    }
    return groups;
  }
}

const isEventType = (pattern: string): pattern is EventType => Object.hasOwn(EVENT_SCHEMAS, pattern);

const optionsOf = ({
  maxBatchSize,
  maxAttempts,
  liveView,
  concurrentPartitions,
}: Partial<KafkaEventExtras>) => ({
  ...(maxBatchSize === undefined ? {} : { maxBatchSize }),
  ...(concurrentPartitions === undefined ? {} : { concurrentPartitions }),
  ...(maxAttempts === undefined ? {} : { maxAttempts }),
  ...(liveView === undefined ? {} : { liveView }),
});

/** Runs a Nest message handler and waits for its answer, failing with the handler's own error. */
async function run(handler: MessageHandler, payload: unknown, positions: readonly MessagePosition[]) {
  const result: unknown = await handler(payload, new KafkaEventContext([positions]));
  if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
}

function subscriptionOf(groupId: string, group: GroupHandlers): EventSubscription {
  const types = [...group.byType.keys(), ...(group.batch?.types ?? [])] as EventType[];
  const topics = [...new Set(types.map((type) => topicOf(type)))].sort();
  const batch = group.batch;
  const handle = async (event: IntegrationEvent, position: MessagePosition) => {
    const own = group.byType.get(event.type);
    if (own) return run(own, event, [position]);
    // Alone, a batched event goes to the batch handler as a batch of one.
    if (batch?.types.has(event.type)) return run(batch.handler, [{ event, position }], [position]);
    // Another type on the same topic: not this group's business.
  };
  // In the order fetched: each run of batched events at once, the others one by one between them.
  const handleBatch = batch
    ? (events: readonly PositionedEvent[]) =>
        eachRun(
          events,
          (positioned): positioned is PositionedEvent => batch.types.has(positioned.event.type),
          (batched) =>
            run(
              batch.handler,
              batched,
              batched.map(({ position }) => position),
            ),
          ({ event, position }) => handle(event, position),
        )
    : undefined;
  return { groupId, topics, handle, ...(handleBatch ? { handleBatch } : {}), ...group.options };
}
