import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  DuplicateEventIdError,
  EVENT_STORE,
  EventStore,
  ExpectedRevision,
  NewEvent,
  RecordedEvent,
  StreamAppend,
  WrongExpectedRevisionError,
} from '@inventory/event-store';
import { Configuration, evolveConfiguration, initialConfiguration } from '../configuration/configuration';
import { HoldState, evolveHold } from '../holds/hold-state';
import { OrderDecision, evolveOrder } from '../reserve-order/order-decision';
import { SkuState, evolveSku, initialSkuState } from '../sku-state/sku-state';
import { NOTHING, Outcome } from './outcome';
import {
  CONFIGURATION_STREAM,
  HoldEvent,
  OrderEvent,
  SkuEvent,
  StreamEvent,
  holdStream,
  orderStream,
  skuOfStream,
  skuStream,
} from './stream-events';
import { streamEventId } from './stream-event-id';

/** A folded stream and the revision it was folded up to ('no_stream' when it has no events). */
export interface Loaded<S> {
  readonly state: S;
  readonly revision: number | 'no_stream';
}

/** What a decision read: the append checks each of these streams is still where it was. */
export interface Reads {
  readonly configuration?: Loaded<Configuration>;
  readonly skus: ReadonlyMap<string, Loaded<SkuState>>;
  /** Order streams read (an order not here is expected to have none yet). */
  readonly orders?: ReadonlyMap<string, Loaded<OrderDecision | undefined>>;
  readonly hold?: Loaded<HoldState | undefined>;
}

/** The configuration a decision read (a programming error if it did not read it). */
export function configurationIn(reads: Reads): Configuration {
  if (!reads.configuration) throw new Error('This decision needs the configuration stream read');
  return reads.configuration.state;
}

/** A SKU's state as read; `InventoryStreams.skus` returns every SKU asked for. */
export function skuIn(reads: Pick<Reads, 'skus'>, sku: string): SkuState {
  return reads.skus.get(sku)?.state ?? initialSkuState(sku);
}

/** Every SKU state read, by SKU. */
export const skuStatesIn = (reads: Pick<Reads, 'skus'>): Map<string, SkuState> =>
  new Map([...reads.skus].map(([sku, loaded]) => [sku, loaded.state]));

/** One cause (a Kafka event, a request) and what it decided. */
export interface Decision {
  readonly cause: Cause;
  readonly outcome: Outcome;
}

export interface Cause {
  readonly eventId: string;
  readonly correlationId: string;
}

/**
 * How old what an instance knows of a stream may be and still be used without a query, by the
 * storefront's answers (salable, stock-status, is-salable) and by the writer's decisions. Its own
 * appends it knows at once, another instance's within this time. A decision that takes units
 * appends with the revision it decided on, so a stale state only costs a retry; a refusal may
 * be decided on a state up to this old (another instance's release seen that much later).
 */
export const CACHED_READ_MAX_AGE_MS = Number(process.env.CACHED_READ_MAX_AGE_MS ?? 100);

const MAX_ATTEMPTS = 20;
const MAX_CACHED_SKUS = 50_000;

/**
 * Reads of the store under way, by key, with when each started: a caller may join one that
 * started late enough for it (`joinable`) instead of reading again.
 */
class SharedReads<T> {
  private readonly inFlight = new Map<string, { readonly startedAt: number; readonly result: Promise<T> }>();

  /** Each key's joinable read under way, and one new read for the keys left. */
  runMany(
    keys: readonly string[],
    joinable: (key: string, startedAt: number) => boolean,
    read: (keys: string[], startedAt: number) => Promise<Map<string, T>>,
  ): Map<string, Promise<T>> {
    const results = new Map<string, Promise<T>>();
    const left = keys.filter((key) => {
      const running = this.inFlight.get(key);
      if (running && joinable(key, running.startedAt)) results.set(key, running.result);
      return !results.has(key);
    });
    if (!left.length) return results;
    const startedAt = Date.now();
    const started = read(left, startedAt);
    for (const key of left) {
      const entry = { startedAt, result: started.then((read) => read.get(key) as T) };
      this.inFlight.set(key, entry);
      results.set(key, entry.result);
      void entry.result
        .finally(() => this.inFlight.get(key) === entry && this.inFlight.delete(key))
        .catch(() => undefined);
    }
    return results;
  }
}

/**
 * A cached stream state; `verifiedAt`: when it was known to be the stream's (Date.now() before the
 * read or the append that gave it); `staleAt`: when the instance last learnt the stream may have
 * moved without it (a conflict, an append it made without reading). Only a state verified after
 * that is used without a read.
 */
type Verified<S> = Loaded<S> & { readonly verifiedAt: number; readonly staleAt: number };

const isRecent = (cached: Verified<unknown>, maxAgeMs: number) =>
  maxAgeMs > 0 && cached.verifiedAt > cached.staleAt && Date.now() - cached.verifiedAt <= maxAgeMs;

/** Whether a read that started at `startedAt` may stand in for a read now, for `cached`. */
const startedRecently = (cached: Verified<unknown> | undefined, startedAt: number, maxAgeMs: number) =>
  startedAt > (cached?.staleAt ?? -Infinity) && Date.now() - startedAt <= maxAgeMs;

/** Every promised value, by key. */
async function settled<T>(promises: ReadonlyMap<string, Promise<T>>): Promise<Map<string, T>> {
  return new Map(await Promise.all([...promises].map(async ([key, value]) => [key, await value] as const)));
}

const revisionNumber = (loaded: Loaded<unknown>) => (loaded.revision === 'no_stream' ? -1 : loaded.revision);

const revisionAfter = (events: readonly RecordedEvent[], before: number | 'no_stream') =>
  events.length ? events[events.length - 1].revision : before;

/** `from` caught up with the events read after it. */
function foldOn<S, E extends StreamEvent>(
  from: Loaded<S>,
  events: readonly RecordedEvent[],
  evolve: (state: S, event: E) => S,
): Loaded<S> {
  const state = events.reduce(
    (acc, event) => evolve(acc, { type: event.type, data: event.data } as E),
    from.state,
  );
  return { state, revision: revisionAfter(events, from.revision) };
}

async function fold<S, E extends StreamEvent>(
  store: EventStore,
  streamId: string,
  from: Loaded<S>,
  evolve: (state: S, event: E) => S,
): Promise<Loaded<S>> {
  return foldOn(from, await store.readStream(streamId, { from: revisionNumber(from) + 1 }), evolve);
}

/**
 * The reservation service's streams: loads them (SKU states and the configuration are cached and
 * caught up from their cached revision, so a hot SKU costs one short read), and appends a decision
 * with optimistic concurrency: every stream the decision read must still be at the revision read.
 */
@Injectable()
export class InventoryStreams {
  private readonly logger = new Logger(InventoryStreams.name);
  /** Each SKU as last read or appended, and when (Date.now()) it was known to be the stream's state. */
  private readonly skuCache = new Map<string, Verified<SkuState>>();
  private configurationCache: Verified<Configuration> = {
    state: initialConfiguration(),
    revision: 'no_stream',
    verifiedAt: -Infinity,
    staleAt: -Infinity,
  };

  /** Reads of the store under way for cached reads, shared by whoever needs the same stream. */
  private readonly skuReads = new SharedReads<Loaded<SkuState>>();
  private readonly configurationReads = new SharedReads<Loaded<Configuration>>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    if (!store.atomicMultiStreamAppends) {
      // An order's outcome and its lines' reservations, a shipment's deduction and its
      // compensation: each decision spans streams and must be recorded whole or not at all.
      throw new Error(
        `The reservation service cannot run on this event store (${store.constructor.name}): its ` +
          'multi-stream appends are not atomic, so an order could be recorded without its ' +
          'reservations. Use the PostgreSQL event store (EVENT_STORE=postgres).',
      );
    }
  }

  /**
   * The configuration stream folded. `maxAgeMs` (storefront reads): what this instance knew of it
   * at most that long ago is good enough, without a query; decisions read it fresh (the default).
   */
  async configuration(maxAgeMs = 0): Promise<Loaded<Configuration>> {
    const cached = this.configurationCache;
    if (isRecent(cached, maxAgeMs)) return cached;
    const read = async (startedAt: number) => {
      const folded = await fold(
        this.store,
        CONFIGURATION_STREAM,
        this.configurationCache,
        evolveConfiguration,
      );
      const latest = this.configurationCache;
      if (revisionNumber(folded) >= revisionNumber(latest))
        this.configurationCache = { ...folded, verifiedAt: startedAt, staleAt: latest.staleAt };
      return folded;
    };
    if (!(maxAgeMs > 0)) return read(Date.now());
    return this.configurationReads
      .runMany(
        [CONFIGURATION_STREAM],
        (_, startedAt) => startedRecently(this.configurationCache, startedAt, maxAgeMs),
        async (_, startedAt) => new Map([[CONFIGURATION_STREAM, await read(startedAt)]]),
      )
      .get(CONFIGURATION_STREAM) as Promise<Loaded<Configuration>>;
  }

  /**
   * The SKUs' streams folded, each caught up from its cached revision, all in one read of the
   * store; `maxAgeMs` as above (and a read of a SKU already under way is joined if it started
   * recently enough, not repeated).
   */
  async skus(skus: Iterable<string>, maxAgeMs = 0): Promise<Map<string, Loaded<SkuState>>> {
    const unique = [...new Set(skus)];
    const answer = new Map<string, Loaded<SkuState>>();
    const stale = unique.filter((sku) => {
      const cached = this.skuCache.get(sku);
      if (cached && isRecent(cached, maxAgeMs)) answer.set(sku, cached);
      return !answer.has(sku);
    });
    if (stale.length) {
      const read =
        maxAgeMs > 0
          ? await settled(
              this.skuReads.runMany(
                stale,
                (sku, startedAt) => startedRecently(this.skuCache.get(sku), startedAt, maxAgeMs),
                (keys, startedAt) => this.readSkus(keys, startedAt),
              ),
            )
          : await this.readSkus(stale, Date.now());
      for (const [sku, loaded] of read) answer.set(sku, loaded);
    }
    return new Map(unique.map((sku) => [sku, answer.get(sku) as Loaded<SkuState>]));
  }

  /** The SKUs' streams read together from their cached revisions, folded, and remembered. */
  private async readSkus(skus: readonly string[], startedAt: number): Promise<Map<string, Loaded<SkuState>>> {
    if (!skus.length) return new Map();
    const from = new Map(
      skus.map((sku) => [
        sku,
        this.skuCache.get(sku) ?? { state: initialSkuState(sku), revision: 'no_stream' as const },
      ]),
    );
    const events = await this.store.readStreams(
      skus.map((sku) => ({
        streamId: skuStream(sku),
        from: revisionNumber(from.get(sku) as Loaded<SkuState>) + 1,
      })),
    );
    const loaded = new Map(
      skus.map((sku) => [
        sku,
        foldOn<SkuState, SkuEvent>(
          from.get(sku) as Loaded<SkuState>,
          events.get(skuStream(sku)) ?? [],
          evolveSku,
        ),
      ]),
    );
    for (const [sku, state] of loaded) this.remember(sku, state, startedAt);
    return loaded;
  }

  order(orderId: string): Promise<Loaded<OrderDecision | undefined>> {
    return fold<OrderDecision | undefined, OrderEvent>(
      this.store,
      orderStream(orderId),
      { state: undefined, revision: 'no_stream' },
      evolveOrder,
    );
  }

  hold(holdId: string): Promise<Loaded<HoldState | undefined>> {
    return fold<HoldState | undefined, HoldEvent>(
      this.store,
      holdStream(holdId),
      { state: undefined, revision: 'no_stream' },
      evolveHold,
    );
  }

  /**
   * Read, decide, append; on a concurrent writer re-read and decide again. Returns what was
   * recorded, or NOTHING when the cause had already been recorded (a redelivery).
   */
  async execute(
    cause: Cause,
    read: () => Promise<Reads>,
    decide: (reads: Reads) => Outcome,
  ): Promise<Outcome> {
    try {
      const [decision] = await this.executeAll(read, (reads) => [{ cause, outcome: decide(reads) }]);
      return decision.outcome;
    } catch (error) {
      if (error instanceof DuplicateEventIdError) return NOTHING;
      throw error;
    }
  }

  /**
   * Several causes decided on one read and recorded in one append (a hot SKU's batch of orders:
   * one commit instead of one per order); each outcome NOTHING when the whole batch had been
   * recorded before. Each cause's events get the ids they would get alone, so
   * a batch that fails with DuplicateEventIdError (part of it recorded before) can be recorded
   * again one cause at a time. `onConflict` hears which stream had moved before the retry.
   */
  async executeAll(
    read: () => Promise<Reads>,
    decide: (reads: Reads) => Decision[],
    onConflict: (streamId: string) => void = () => undefined,
  ): Promise<Decision[]> {
    for (let attempt = 1; ; attempt++) {
      const reads = await read();
      const decisions = decide(reads);
      try {
        const recorded = await this.append(decisions, reads);
        // Every event of the batch was in the store already (a redelivery): nothing was decided now.
        return recorded ? decisions : decisions.map(({ cause }) => ({ cause, outcome: NOTHING }));
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_ATTEMPTS) throw error;
        this.readAgain(error.streamId);
        onConflict(error.streamId);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
      }
    }
  }

  /** Appends the decisions' events; false when every one of them had been recorded before. */
  private async append(decisions: readonly Decision[], reads: Reads): Promise<boolean> {
    const streams = new Map<string, StreamAppend & { events: NewEvent[] }>();
    const skuEvents = new Map<string, SkuEvent[]>();
    const add = (
      cause: Cause,
      streamId: string,
      events: readonly StreamEvent[],
      expectedRevision: ExpectedRevision,
    ) => {
      const entry = streams.get(streamId) ?? { streamId, expectedRevision, events: [] };
      streams.set(streamId, entry);
      entry.events.push(...events.map((event, index) => this.toNew(cause, streamId, event, index)));
    };
    for (const { cause, outcome } of decisions) {
      for (const [sku, events] of outcome.skus) {
        if (!events.length) continue;
        // A SKU stream not read gets only compensations, which add to a sum whatever came before.
        add(cause, skuStream(sku), events, reads.skus.get(sku)?.revision ?? 'any');
        skuEvents.set(sku, [...(skuEvents.get(sku) ?? []), ...events]);
      }
      const { order, hold, configuration } = outcome;
      if (order)
        add(
          cause,
          orderStream(order.orderId),
          order.events,
          reads.orders?.get(order.orderId)?.revision ?? 'no_stream',
        );
      if (hold) add(cause, holdStream(hold.holdId), hold.events, reads.hold?.revision ?? 'no_stream');
      if (configuration?.length)
        add(cause, CONFIGURATION_STREAM, configuration, reads.configuration?.revision ?? 'any');
    }
    if (!streams.size) return true;
    if (reads.configuration && !streams.has(CONFIGURATION_STREAM)) {
      // Decided on this configuration: a stock or source change in between means decide again.
      const { revision } = reads.configuration;
      streams.set(CONFIGURATION_STREAM, {
        streamId: CONFIGURATION_STREAM,
        expectedRevision: revision,
        events: [],
      });
    }
    const appends = [...streams.values()];
    const appending = Date.now(); // the state after this append is the stream's from its commit on
    const results = await this.store.appendToStreams(appends);
    // A stream appended without events (the configuration, as a guard) is never "appended": only
    // the streams given events say whether this decision had been recorded before.
    if (results.some((result, index) => appends[index].events.length > 0 && !result.appended)) {
      // Already recorded by an earlier delivery: the cache catches up from the store next time.
      this.logger.debug(`Causes ${decisions.map((d) => d.cause.eventId).join(', ')} were already recorded`);
      for (const sku of skuEvents.keys()) this.readAgain(skuStream(sku));
      return false;
    }
    // What this instance appended without reading first is read again by the next storefront read.
    if (streams.get(CONFIGURATION_STREAM)?.events.length) this.readAgain(CONFIGURATION_STREAM);
    for (const [sku, events] of skuEvents) {
      const before = reads.skus.get(sku);
      if (!before) {
        this.readAgain(skuStream(sku));
        continue;
      }
      const revision = revisionNumber(before) + events.length;
      // The append succeeded at the revision read: the stream was exactly this when it committed.
      this.remember(sku, { state: events.reduce(evolveSku, before.state), revision }, appending);
    }
    return true;
  }

  private toNew(cause: Cause, streamId: string, event: StreamEvent, index: number): NewEvent {
    return {
      eventId: streamEventId(cause.eventId, streamId, index),
      type: event.type,
      data: event.data,
      metadata: { causationId: cause.eventId, correlationId: cause.correlationId },
    };
  }

  /** The stream moved under this instance: its next read asks the store, whatever its age. */
  private readAgain(streamId: string): void {
    const now = Date.now();
    if (streamId === CONFIGURATION_STREAM)
      this.configurationCache = { ...this.configurationCache, staleAt: now };
    const sku = skuOfStream(streamId);
    const cached = sku === undefined ? undefined : this.skuCache.get(sku);
    if (sku !== undefined && cached) this.skuCache.set(sku, { ...cached, staleAt: now });
  }

  /**
   * Keeps what a read that started at `verifiedAt` (or an append) found. A read that began before
   * this instance's last append ends after it: the newer state stays. A read that began before the
   * stream was last known to have moved stays not recent (it may have missed that move).
   */
  private remember(sku: string, loaded: Loaded<SkuState>, verifiedAt: number): void {
    const cached = this.skuCache.get(sku);
    if (cached && revisionNumber(cached) > revisionNumber(loaded)) return;
    this.skuCache.delete(sku);
    this.skuCache.set(sku, { ...loaded, verifiedAt, staleAt: cached?.staleAt ?? -Infinity });
    if (this.skuCache.size > MAX_CACHED_SKUS)
      this.skuCache.delete(this.skuCache.keys().next().value as string);
  }
}
