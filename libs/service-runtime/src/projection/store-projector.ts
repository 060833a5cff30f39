import { Logger } from '@nestjs/common';
import {
  EventStore,
  RecordedEvent,
  Subscription,
  comparePositions,
  positionFromString,
  positionToString,
} from '@inventory/event-store';
import {
  OutboxEntry,
  UnitOfWork,
  backoffDelayMs,
  isInfrastructureUnavailable,
  sleep,
} from '@inventory/messaging';
import { LoopHealth } from '@inventory/observability';
import { EntityManager } from 'typeorm';
import { ParkedEventView, ParkedEvents, RedriveOutcome } from '../ops/parked-events';
import { ParkedEventStore } from './parked-event-store';

/** Between attempts to (re)start it: from half a second, doubling, up to 10 s. */
const RESTART_BACKOFF = { initialMs: 500, maxMs: 10_000 };
/** Attempts at one event alone before it is parked (failures of the database itself do not count). */
const ATTEMPTS_BEFORE_PARKING = 5;

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The projection's own bookkeeping failed: no event is at fault, nothing may be parked for it. */
class CheckpointUnavailable extends Error {
  override readonly name = 'CheckpointUnavailable';
  constructor(cause: unknown) {
    super(`the projection's checkpoint cannot be read: ${describe(cause)}`, { cause });
  }
}

/** What a service's projection is: its names, and how it applies stored events. */
export interface ProjectionDefinition {
  /** Its row in projection_checkpoints and its name in parked_events. */
  readonly checkpoint: string;
  /** Its name among the service's background loops (readiness names it while it fails). */
  readonly loop: string;
  /**
   * Applies events in the transaction `tx` (its read models) and says what to publish through
   * the outbox in the same transaction. `batch` numbers the batches in the order they committed.
   */
  apply(tx: EntityManager, events: readonly RecordedEvent[], batch: number): Promise<OutboxEntry[]>;
  /** Told after each committed batch (metrics). */
  applied?(events: readonly RecordedEvent[]): void;
  /** Told the number of parked events whenever it may have changed (metrics). */
  parkedCount?(count: number): void;
}

/**
 * Keeps a projection following the event store: read models and the outbox written in one
 * transaction with the checkpoint, so they and Kafka agree after any crash. Every instance of the
 * service runs one; they take turns on the checkpoint row, and an instance skips what another
 * applied. Tables: projection_checkpoints and parked_events ({@link ProjectionTables1700000000080}).
 *
 * No single event stops it for everybody: a batch that fails is applied again event by event, and
 * an event that still fails after its retries is parked (listed by GET /dead-letters and named by
 * readiness) with the later events of its stream, while every other stream goes on. Once the cause
 * is fixed, POST /dead-letters/parked/:id/redrive applies them in stream order. The subscription
 * restarts itself, with backoff, for as long as it takes.
 */
export class StoreProjector implements ParkedEvents {
  private readonly logger: Logger;
  private readonly parked: ParkedEventStore;
  private subscription?: Subscription;
  private stopped = false;

  constructor(
    private readonly store: EventStore,
    private readonly unitOfWork: UnitOfWork,
    private readonly loops: LoopHealth,
    private readonly projection: ProjectionDefinition,
  ) {
    this.logger = new Logger(`Projection ${projection.checkpoint}`);
    this.parked = new ParkedEventStore(projection.checkpoint);
  }

  /**
   * Events stored after the checkpoint, in the order the store reads them (transaction id, then
   * position), counted up to a million: how far the projection is behind the streams.
   */
  async lagInEvents(): Promise<number> {
    const [{ behind }] = await this.unitOfWork.run(({ tx }) =>
      tx.query(
        `SELECT count(*)::int AS behind FROM (
           SELECT 1 FROM es_events e, projection_checkpoints c
            WHERE c.name = $1
              AND (c.position IS NULL OR (e.transaction_id, e.global_position) >
                   (split_part(c.position, ':', 1)::xid8, split_part(c.position, ':', 2)::bigint))
            LIMIT 1000000) AS stored_after`,
        [this.projection.checkpoint],
      ),
    );
    return behind;
  }

  /**
   * The first start is awaited (a fresh instance answers from a projection that follows the
   * store); if it fails, the supervisor goes on trying in the background.
   */
  async start(): Promise<void> {
    await this.unitOfWork.run(({ tx }) =>
      tx.query(`INSERT INTO projection_checkpoints (name) VALUES ($1) ON CONFLICT DO NOTHING`, [
        this.projection.checkpoint,
      ]),
    );
    await this.countParked();
    await this.startOnce().catch((error) => void this.restart(error));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.loops.stopped(this.projection.loop);
    await this.subscription?.stop();
  }

  /** Resolves once the projection has applied everything stored when it started. */
  get caughtUp(): Promise<void> {
    return this.subscription?.caughtUp ?? Promise.resolve();
  }

  async list(): Promise<ParkedEventView[]> {
    return this.unitOfWork.run(({ tx }) => this.parked.open(tx));
  }

  async count(): Promise<number> {
    return this.unitOfWork.run(({ tx }) => this.parked.count(tx));
  }

  /**
   * Applies the parked event's stream again, from its first parked event on, in one transaction at
   * the projection's turn: all of them are applied and no longer parked, or none (the first one's
   * error is updated) and they stay parked.
   */
  async redrive(id: string): Promise<RedriveOutcome | undefined> {
    const target = await this.unitOfWork.run(({ tx }) => this.parked.find(tx, id));
    if (!target) return undefined;
    try {
      const applied = await this.unitOfWork.run(async ({ tx, publish }) => {
        const { sequence } = await this.lockCheckpoint(tx);
        const parked = await this.parked.open(tx, target.streamId);
        const events = await this.storedEvents(target.streamId, parked);
        const batch = sequence + 1;
        publish(...(await this.projection.apply(tx, events, batch)));
        await this.parked.resolve(
          tx,
          parked.map((event) => event.id),
        );
        await tx.query(`UPDATE projection_checkpoints SET sequence = $2 WHERE name = $1`, [
          this.projection.checkpoint,
          batch,
        ]);
        return parked;
      });
      this.logger.log(`Re-drove ${applied.length} parked event(s) of ${target.streamId}`);
      return { applied, stillParked: [] };
    } catch (error) {
      await this.unitOfWork.run(async ({ tx }) => {
        const [first] = await this.parked.open(tx, target.streamId);
        if (first) await this.parked.failedAgain(tx, first.id, describe(error));
      });
      return {
        applied: [],
        stillParked: await this.unitOfWork.run(({ tx }) => this.parked.open(tx, target.streamId)),
      };
    } finally {
      await this.countParked();
    }
  }

  private async startOnce(): Promise<void> {
    const [{ position }] = await this.unitOfWork.run(({ tx }) =>
      tx.query(`SELECT position FROM projection_checkpoints WHERE name = $1`, [this.projection.checkpoint]),
    );
    this.subscription = this.store.subscribeToAll({
      fromPosition: position ? positionFromString(position) : undefined,
      handleBatch: (events) => this.applyBatch(events),
      onError: (error) => void this.restart(error),
    });
    this.loops.ok(this.projection.loop);
  }

  /**
   * The subscription stopped (the database went away, the LISTEN connection broke): start it again,
   * with backoff, for as long as it takes. Meanwhile readiness names the loop and its error.
   */
  private async restart(error: unknown): Promise<void> {
    for (let attempt = 1, failure = error; !this.stopped; attempt++) {
      this.loops.failed(this.projection.loop, failure);
      this.logger.error(`Stopped (attempt ${attempt} to restart it): ${describe(failure)}`);
      await sleep(backoffDelayMs(Math.min(attempt, 6), RESTART_BACKOFF));
      if (this.stopped) return;
      try {
        await this.startOnce();
        return;
      } catch (next) {
        failure = next;
      }
    }
  }

  /**
   * The batch in one transaction; if it fails for a reason of its own (not the database being
   * away, which stops the subscription to be restarted), event by event, parking what still fails.
   */
  private async applyBatch(events: readonly RecordedEvent[]): Promise<void> {
    try {
      await this.applyInTurn(events);
    } catch (error) {
      if (isInfrastructureUnavailable(error) || error instanceof CheckpointUnavailable) throw error;
      this.logger.warn(`A batch of ${events.length} failed (${describe(error)}): applying it event by event`);
      for (const event of events) await this.applyAlone(event);
    }
  }

  private async applyAlone(event: RecordedEvent): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.applyInTurn([event]);
        return;
      } catch (error) {
        if (isInfrastructureUnavailable(error) || error instanceof CheckpointUnavailable) throw error;
        if (attempt >= ATTEMPTS_BEFORE_PARKING) {
          await this.park(event, describe(error), attempt);
          return;
        }
        await sleep(backoffDelayMs(attempt));
      }
    }
  }

  /**
   * Applies what this instance has not seen applied, at the checkpoint row's turn, numbering the
   * batch; events of a stream with a parked event are parked behind it.
   */
  private async applyInTurn(events: readonly RecordedEvent[]): Promise<void> {
    const applied = await this.unitOfWork.run(async ({ tx, publish }) => {
      const { position, sequence } = await this.lockCheckpoint(tx);
      const fresh = position
        ? events.filter((event) => comparePositions(event.position, position) > 0)
        : events;
      if (!fresh.length) return undefined;
      const blocked = await this.parked.parkedStreams(
        tx,
        fresh.map((event) => event.streamId),
      );
      const behind = fresh.filter((event) => blocked.has(event.streamId));
      const applicable = fresh.filter((event) => !blocked.has(event.streamId));
      await this.parked.park(tx, behind, 'stream_parked', 'an earlier event of this stream is parked', 0);
      // The row's lock orders batches across instances: their changes are numbered in that order.
      const batch = sequence + 1;
      if (applicable.length) publish(...(await this.projection.apply(tx, applicable, batch)));
      await this.moveCheckpoint(tx, fresh[fresh.length - 1], batch);
      return { applicable, parkedBehind: behind.length };
    });
    if (!applied) return;
    this.loops.ok(this.projection.loop);
    this.projection.applied?.(applied.applicable);
    if (applied.parkedBehind) await this.countParked();
  }

  private async park(event: RecordedEvent, error: string, attempts: number): Promise<void> {
    await this.unitOfWork.run(async ({ tx }) => {
      const { position, sequence } = await this.lockCheckpoint(tx);
      if (position && comparePositions(event.position, position) <= 0) return; // another instance applied it
      await this.parked.park(tx, [event], 'projection_failed', error, attempts);
      await this.moveCheckpoint(tx, event, sequence);
    });
    this.logger.error(
      `Parked ${event.type} ${event.eventId} of ${event.streamId} after ${attempts} attempts: ${error}`,
    );
    await this.countParked();
  }

  private async countParked(): Promise<void> {
    if (this.projection.parkedCount) this.projection.parkedCount(await this.count());
  }

  private async lockCheckpoint(tx: EntityManager) {
    const [row] = await tx
      .query(`SELECT position, sequence FROM projection_checkpoints WHERE name = $1 FOR UPDATE`, [
        this.projection.checkpoint,
      ])
      .catch((error: unknown) => {
        throw new CheckpointUnavailable(error);
      });
    return {
      position: row.position ? positionFromString(row.position) : undefined,
      sequence: Number(row.sequence),
    };
  }

  private async moveCheckpoint(tx: EntityManager, last: RecordedEvent, sequence: number): Promise<void> {
    await tx.query(
      `UPDATE projection_checkpoints SET position = $2, sequence = $3, updated_at = now() WHERE name = $1`,
      [this.projection.checkpoint, positionToString(last.position), sequence],
    );
  }

  /** The stored events the parked rows stand for, in stream order. */
  private async storedEvents(streamId: string, parked: readonly ParkedEventView[]): Promise<RecordedEvent[]> {
    if (!parked.length) return [];
    const revisions = new Set(parked.map((event) => event.revision));
    const from = Math.min(...revisions);
    const events = await this.store.readStream(streamId, { from });
    return events.filter((event) => revisions.has(event.revision));
  }
}

/**
 * A StoreProjector as a service's provider: started when the app is, stopped when it shuts down,
 * and what GET /dead-letters lists and re-drives of it (provide it as PARKED_EVENTS).
 */
export abstract class StoreProjectorProvider implements ParkedEvents {
  protected constructor(protected readonly projector: StoreProjector) {}

  onApplicationBootstrap(): Promise<void> {
    return this.projector.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.projector.stop();
  }

  lagInEvents(): Promise<number> {
    return this.projector.lagInEvents();
  }

  /** Resolves once the projection has applied everything stored when it started. */
  get caughtUp(): Promise<void> {
    return this.projector.caughtUp;
  }

  list(): Promise<ParkedEventView[]> {
    return this.projector.list();
  }

  count(): Promise<number> {
    return this.projector.count();
  }

  redrive(id: string): Promise<RedriveOutcome | undefined> {
    return this.projector.redrive(id);
  }
}
