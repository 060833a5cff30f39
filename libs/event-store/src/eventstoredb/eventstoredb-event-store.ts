import {
  ANY,
  AllStreamResolvedEvent,
  AppendExpectedRevision,
  BACKWARDS,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START as ESDB_START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
  ResolvedEvent,
} from '@eventstore/db-client';
import {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  StreamRead,
  lowestRevisions,
  RecordedEvent,
  StreamAppend,
  SubscribeToAllOptions,
  Subscription,
  WrongExpectedRevisionError,
  revisionMatches,
  deliver,
  comparePositions,
} from '../event-store';

const toEsdbRevision = (expected: ExpectedRevision): AppendExpectedRevision =>
  expected === 'any'
    ? ANY
    : expected === 'no_stream'
      ? NO_STREAM
      : expected === 'stream_exists'
        ? STREAM_EXISTS
        : BigInt(expected);

const fromEsdbRevision = (actual: bigint | typeof NO_STREAM | string): number | 'no_stream' =>
  typeof actual === 'bigint' ? Number(actual) : 'no_stream';

function toRecorded(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event || !event.isJson) return undefined;
  return {
    streamId: event.streamId,
    revision: Number(event.revision),
    position: event.position ?? {
      commit: resolved.commitPosition ?? 0n,
      prepare: resolved.commitPosition ?? 0n,
    },
    eventId: event.id,
    type: event.type,
    data: event.data,
    metadata: (event.metadata as Record<string, unknown> | undefined) ?? {},
    recordedAt: event.created,
  };
}

/** Thrown by the multi-stream fallback when a later stream refused after earlier ones were written. */
export class PartialMultiStreamAppendError extends Error {
  override readonly name = 'PartialMultiStreamAppendError';
  constructor(
    readonly written: readonly string[],
    override readonly cause: unknown,
  ) {
    super(`Multi-stream append stopped after writing ${written.join(', ')}: ${String(cause)}`);
  }
}

/**
 * EventStoreDB / KurrentDB through @eventstore/db-client (`EVENTSTORE_URL`, e.g.
 * `esdb://127.0.0.1:2113?tls=false`).
 *
 * Differences from the PostgreSQL adapter, all documented in docs/event-store.md:
 * - appendToStreams is not atomic: the server has no multi-stream transaction. The fallback checks
 *   every expected revision first, then appends stream by stream; if a later stream still
 *   refuses, it throws PartialMultiStreamAppendError naming the streams already written, so the
 *   caller can compensate.
 * - the server deduplicates a retried batch by event id within a stream, but does not say so
 *   (`appended` stays true) nor refuse an id used in another stream.
 */
export class EventStoreDbEventStore implements EventStore {
  /**
   * No: streams are appended one by one (see above). KurrentDB 25.1 has atomic multi-stream appends,
   * but through a newer client than the one this adapter is built on.
   */
  readonly atomicMultiStreamAppends = false;
  private readonly subscriptions = new Set<Subscription>();

  constructor(private readonly client: EventStoreDBClient) {}

  static fromConnectionString(url: string): EventStoreDbEventStore {
    return new EventStoreDbEventStore(EventStoreDBClient.connectionString(url));
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    { expectedRevision }: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    try {
      const result = await this.client.appendToStream(
        streamId,
        events.map((event) =>
          jsonEvent({
            id: event.eventId,
            type: event.type,
            data: event.data as never,
            metadata: (event.metadata ?? {}) as never,
          }),
        ),
        { expectedRevision: toEsdbRevision(expectedRevision) },
      );
      return { nextRevision: Number(result.nextExpectedRevision), appended: true };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        throw new WrongExpectedRevisionError(
          streamId,
          expectedRevision,
          fromEsdbRevision(error.actualVersion),
        );
      }
      throw error;
    }
  }

  async appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    for (const append of appends) {
      const actual = await this.currentRevision(append.streamId);
      if (!revisionMatches(append.expectedRevision, actual)) {
        throw new WrongExpectedRevisionError(append.streamId, append.expectedRevision, actual);
      }
    }
    const results: AppendResult[] = [];
    for (const append of appends) {
      try {
        results.push(
          await this.appendToStream(append.streamId, append.events, {
            expectedRevision: append.expectedRevision,
          }),
        );
      } catch (error) {
        if (results.length === 0) throw error;
        throw new PartialMultiStreamAppendError(
          appends.slice(0, results.length).map((a) => a.streamId),
          error,
        );
      }
    }
    return results;
  }

  private async currentRevision(streamId: string): Promise<number | 'no_stream'> {
    const [last] = await this.readStream(streamId, { direction: 'backwards', maxCount: 1 });
    return last ? last.revision : 'no_stream';
  }

  /** No multi-stream read on the server: the streams are read side by side. */
  async readStreams(reads: readonly StreamRead[]): Promise<Map<string, RecordedEvent[]>> {
    const from = [...lowestRevisions(reads)];
    const events = await Promise.all(
      from.map(([streamId, revision]) => this.readStream(streamId, { from: revision })),
    );
    return new Map(from.map(([streamId], index) => [streamId, events[index]]));
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamId, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: options.from === undefined ? (backwards ? 'end' : ESDB_START) : BigInt(options.from),
        maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
      });
      for await (const resolved of read) {
        const event = toRecorded(resolved);
        if (!event) continue;
        if (
          options.to !== undefined &&
          (backwards ? event.revision < options.to : event.revision > options.to)
        )
          break;
        events.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    const after = options.afterPosition;
    const maxCount = options.maxCount ?? 1_000;
    const read = this.client.readAll({
      fromPosition: after ?? options.fromPosition ?? ESDB_START,
      // The start is inclusive here: one more, and the event at `after` is dropped below.
      maxCount: after ? maxCount + 1 : maxCount,
      direction: FORWARDS,
    });
    for await (const resolved of read) {
      const event = toRecorded(resolved);
      if (!event || event.type.startsWith('$') || event.streamId.startsWith('$')) continue;
      if (after && comparePositions(event.position, after) <= 0) continue;
      events.push(event);
    }
    return events.slice(0, maxCount);
  }

  subscribeToAll(options: SubscribeToAllOptions): Subscription {
    const stream = this.client.subscribeToAll({
      fromPosition: options.fromPosition ?? ESDB_START,
      filter: excludeSystemEvents(),
    });
    let markCaughtUp!: () => void;
    const caughtUp = new Promise<void>((resolve) => (markCaughtUp = resolve));
    stream.on('caughtUp', () => markCaughtUp());
    const loop = (async () => {
      try {
        for await (const resolved of stream) {
          const event = toRecorded(resolved);
          if (event) await deliver(options, [event]);
        }
      } catch (error) {
        options.onError?.(error);
      }
    })();
    const subscription: Subscription = {
      caughtUp,
      stop: async () => {
        this.subscriptions.delete(subscription);
        await stream.unsubscribe();
        await loop;
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async setStreamMetadata(streamId: string, metadata: Record<string, unknown>): Promise<void> {
    await this.client.setStreamMetadata(streamId, { custom: metadata } as never);
  }

  async getStreamMetadata(streamId: string): Promise<Record<string, unknown>> {
    const result = await this.client.getStreamMetadata(streamId);
    const custom = (result.metadata as { custom?: Record<string, unknown> } | undefined)?.custom;
    return custom ?? {};
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }
}
