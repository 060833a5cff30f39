import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import {
  EVENT_STORE,
  EventStore,
  RecordedEvent,
  Subscription,
  comparePositions,
  positionFromString,
  positionToString,
} from '@inventory/event-store';
import { UnitOfWork, backoffDelayMs, isInfrastructureUnavailable, sleep } from '@inventory/messaging';
import { LoopHealth } from '@inventory/observability';
import { ParkedEventView, ParkedEvents, RedriveOutcome } from '@inventory/service-runtime';
import { EntityManager } from 'typeorm';
import { ParkedEventStore } from './parked-event-store';
import { ReservationMetrics } from './reservation-metrics';
import { LIVE_TABLES, SalableProjection } from './salable-projection';

/** The projection's row in projection_checkpoints (its last applied position). */
export const SALABLE_CHECKPOINT = 'salable-quantity';
/** Its name among the service's background loops (readiness names it while it fails). */
const LOOP = 'salable-projection';
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

/**
 * Keeps the salable-quantity projection following the event store. Every instance of the service
 * runs one; they take turns on the checkpoint row, and an instance skips what another applied.
 *
 * No single event stops it for everybody: a batch that fails is applied again event by event, and
 * an event that still fails after its retries is parked (parked_events, listed by GET /dead-letters
 * and named by readiness) with the later events of its stream, while every other stream goes on.
 * Once the cause is fixed, POST /dead-letters/parked/:id/redrive applies them in stream order.
 */
@Injectable()
export class SalableProjector implements OnApplicationBootstrap, OnApplicationShutdown, ParkedEvents {
  private readonly logger = new Logger(SalableProjector.name);
  private readonly projection = new SalableProjection(LIVE_TABLES);
  private readonly parked = new ParkedEventStore(SALABLE_CHECKPOINT);
  private subscription?: Subscription;
  private stopped = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly unitOfWork: UnitOfWork,
    private readonly metrics: ReservationMetrics,
    private readonly loops: LoopHealth,
  ) {
    metrics.countLagWith(() => this.lagInEvents());
  }

  /**
   * Events stored after the checkpoint, in the order the store reads them (transaction id, then
   * position), counted up to a million: how far the salable quantities are behind the streams.
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
        [SALABLE_CHECKPOINT],
      ),
    );
    return behind;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.unitOfWork.run(({ tx }) =>
      tx.query(`INSERT INTO projection_checkpoints (name) VALUES ($1) ON CONFLICT DO NOTHING`, [
        SALABLE_CHECKPOINT,
      ]),
    );
    await this.countParked();
    // The first start is awaited (a fresh instance answers from a projection that follows the
    // store); if it fails, the supervisor goes on trying in the background.
    await this.startOnce().catch((error) => void this.restart(error));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.loops.stopped(LOOP);
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
          SALABLE_CHECKPOINT,
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
      tx.query(`SELECT position FROM projection_checkpoints WHERE name = $1`, [SALABLE_CHECKPOINT]),
    );
    this.subscription = this.store.subscribeToAll({
      fromPosition: position ? positionFromString(position) : undefined,
      handleBatch: (events) => this.applyBatch(events),
      onError: (error) => void this.restart(error),
    });
    this.loops.ok(LOOP);
  }

  /**
   * The subscription stopped (the database went away, the LISTEN connection broke): start it again,
   * with backoff, for as long as it takes. Meanwhile readiness names the loop and its error.
   */
  private async restart(error: unknown): Promise<void> {
    for (let attempt = 1, failure = error; !this.stopped; attempt++) {
      this.loops.failed(LOOP, failure);
      this.logger.error(
        `Salable projection stopped (attempt ${attempt} to restart it): ${describe(failure)}`,
      );
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
   * batch's changes; events of a stream with a parked event are parked behind it.
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
    this.loops.ok(LOOP);
    this.metrics.applied(applied.applicable);
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
    this.metrics.parked(await this.count());
  }

  private async lockCheckpoint(tx: EntityManager) {
    const [row] = await tx
      .query(`SELECT position, sequence FROM projection_checkpoints WHERE name = $1 FOR UPDATE`, [
        SALABLE_CHECKPOINT,
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
      [SALABLE_CHECKPOINT, positionToString(last.position), sequence],
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
