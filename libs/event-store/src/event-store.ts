/**
 * The event store port: streams of events with optimistic concurrency, one global
 * order, and catch-up subscriptions. Adapters: PostgreSQL (default) and EventStoreDB.
 */

/** Revisions count from 0 within a stream; a stream that does not exist has none. */
export type ExpectedRevision = number | 'no_stream' | 'stream_exists' | 'any';

/**
 * A place in the global order. Lexicographic on (commit, prepare), like EventStoreDB's
 * Position; in PostgreSQL `commit` is the writing transaction and `prepare` the event's sequence.
 */
export interface Position {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export const START: Position = { commit: 0n, prepare: 0n };

export interface NewEvent<TData = unknown> {
  /** Unique; appending an event whose id is already in the stream does nothing (a retry). */
  readonly eventId: string;
  readonly type: string;
  readonly data: TData;
  readonly metadata?: Record<string, unknown>;
}

export interface RecordedEvent<TData = unknown> {
  readonly streamId: string;
  readonly revision: number;
  readonly position: Position;
  readonly eventId: string;
  readonly type: string;
  readonly data: TData;
  readonly metadata: Record<string, unknown>;
  readonly recordedAt: Date;
}

export interface AppendResult {
  /** The stream's revision after the append (the last event's revision). */
  readonly nextRevision: number;
  /** False when every event was already in the stream (an idempotent retry). */
  readonly appended: boolean;
}

export interface StreamAppend {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expectedRevision: ExpectedRevision;
}

export interface ReadStreamOptions {
  /** First revision to read (default: the start, or the end when backwards). */
  readonly from?: number;
  /** Last revision to read, inclusive. */
  readonly to?: number;
  readonly direction?: 'forwards' | 'backwards';
  readonly maxCount?: number;
}

/** One stream of a readStreams call: its events at or after revision `from`. */
export interface StreamRead {
  readonly streamId: string;
  readonly from: number;
}

/** The streams of a readStreams call, each once, from the lowest revision it was asked from. */
export function lowestRevisions(reads: readonly StreamRead[]): Map<string, number> {
  const from = new Map<string, number>();
  for (const { streamId, from: revision } of reads)
    from.set(streamId, Math.min(revision, from.get(streamId) ?? revision));
  return from;
}

export interface ReadAllOptions {
  /** Read events at or after this position (default START). */
  readonly fromPosition?: Position;
  /** Or: read events strictly after this position (a checkpoint, the last event of a page). */
  readonly afterPosition?: Position;
  readonly maxCount?: number;
}

export interface SubscribeToAllOptions {
  /** Deliver events after this position (a checkpoint); default: from the start. */
  readonly fromPosition?: Position;
  /** One event at a time, in global order. Give this or `handleBatch`. */
  readonly handle?: (event: RecordedEvent) => Promise<void>;
  /**
   * Consecutive events at once (a projection updating its tables and checkpoint in one
   * transaction per batch). The checkpoint moves past the batch once this resolves.
   */
  readonly handleBatch?: (events: readonly RecordedEvent[]) => Promise<void>;
  /** Called when the subscription stops because of an error (not on `stop()`). */
  readonly onError?: (error: unknown) => void;
}

export interface Subscription {
  /** Resolves once the subscription has delivered every event that existed when it started. */
  readonly caughtUp: Promise<void>;
  stop(): Promise<void>;
}

export interface EventStore {
  /**
   * Whether appendToStreams writes every stream or none. A service whose invariants span streams
   * (the reservation service: an order's outcome and its SKUs' reservations) must refuse to run on
   * an adapter that cannot.
   */
  readonly atomicMultiStreamAppends: boolean;
  appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult>;
  /** All streams at their expected revisions, or nothing is written. */
  appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /**
   * Several streams, each forwards from its own revision, at once (one round trip where the
   * adapter can): a decision touching hundreds of SKUs reads them together. Every stream asked
   * for is in the answer, with no events if it has none from there; one asked for twice is read
   * once, from the lower revision.
   */
  readStreams(reads: readonly StreamRead[]): Promise<Map<string, RecordedEvent[]>>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeToAll(options: SubscribeToAllOptions): Subscription;
  setStreamMetadata(streamId: string, metadata: Record<string, unknown>): Promise<void>;
  getStreamMetadata(streamId: string): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');

/** The stream was not at the revision the writer read: re-read, decide again, retry. */
export class WrongExpectedRevisionError extends Error {
  override readonly name = 'WrongExpectedRevisionError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's current revision, or 'no_stream'. */
    readonly actual: number | 'no_stream',
  ) {
    super(`Stream "${streamId}" expected at revision ${String(expected)} but is at ${String(actual)}`);
  }
}

/** An event id already recorded in another stream, or a retry that matches only part of a batch. */
export class DuplicateEventIdError extends Error {
  override readonly name = 'DuplicateEventIdError';
  constructor(
    readonly streamId: string,
    readonly eventIds: readonly string[],
  ) {
    super(
      `Events ${eventIds.join(', ')} are already recorded elsewhere than as this append to "${streamId}"`,
    );
  }
}

/** Delivers events one by one or in batches, whichever the subscriber asked for. */
export async function deliver(
  options: SubscribeToAllOptions,
  events: readonly RecordedEvent[],
): Promise<void> {
  if (options.handleBatch) {
    if (events.length) await options.handleBatch(events);
    return;
  }
  if (!options.handle) throw new Error('A subscription needs handle or handleBatch');
  for (const event of events) await options.handle(event);
}

export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** Positions travel as `commit:prepare` strings where bigint cannot (JSON, checkpoint tables). */
export const positionToString = (position: Position) => `${position.commit}:${position.prepare}`;

export function positionFromString(text: string): Position {
  const match = /^(\d+):(\d+)$/.exec(text);
  if (!match) throw new Error(`Not a position: "${text}"`);
  return { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
}

/** Does a stream at `actual` satisfy `expected`? */
export function revisionMatches(expected: ExpectedRevision, actual: number | 'no_stream'): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === 'no_stream';
    case 'stream_exists':
      return actual !== 'no_stream';
    default:
      return expected === actual;
  }
}
