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
import { UnitOfWork } from '@inventory/messaging';
import { ReservationMetrics } from './reservation-metrics';
import { LIVE_TABLES, SalableProjection } from './salable-projection';

/** The projection's row in projection_checkpoints (its last applied position). */
export const SALABLE_CHECKPOINT = 'salable-quantity';
const RESTART_DELAY_MS = 1_000;

/**
 * Keeps the salable-quantity projection following the event store. Every instance of the service
 * runs one; they take turns on the checkpoint row, and an instance skips what another applied.
 */
@Injectable()
export class SalableProjector implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SalableProjector.name);
  private readonly projection = new SalableProjection(LIVE_TABLES);
  private subscription?: Subscription;
  private stopped = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly unitOfWork: UnitOfWork,
    private readonly metrics: ReservationMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.unitOfWork.run(({ tx }) =>
      tx.query(`INSERT INTO projection_checkpoints (name) VALUES ($1) ON CONFLICT DO NOTHING`, [
        SALABLE_CHECKPOINT,
      ]),
    );
    await this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.subscription?.stop();
  }

  /** Resolves once the projection has applied everything stored when it started. */
  get caughtUp(): Promise<void> {
    return this.subscription?.caughtUp ?? Promise.resolve();
  }

  private async start(): Promise<void> {
    const [{ position }] = await this.unitOfWork.run(({ tx }) =>
      tx.query(`SELECT position FROM projection_checkpoints WHERE name = $1`, [SALABLE_CHECKPOINT]),
    );
    this.subscription = this.store.subscribeToAll({
      fromPosition: position ? positionFromString(position) : undefined,
      handleBatch: (events) => this.applyBatch(events),
      onError: (error) => {
        this.logger.error(`Salable projection stopped, restarting: ${String(error)}`);
        if (!this.stopped) setTimeout(() => void this.start().catch(() => undefined), RESTART_DELAY_MS);
      },
    });
  }

  private async applyBatch(events: readonly RecordedEvent[]): Promise<void> {
    const applied = await this.unitOfWork.run(async ({ tx, publish }) => {
      const [{ position, sequence }] = await tx.query(
        `SELECT position, sequence FROM projection_checkpoints WHERE name = $1 FOR UPDATE`,
        [SALABLE_CHECKPOINT],
      );
      const applied = position ? positionFromString(position) : undefined;
      const fresh = applied
        ? events.filter((event) => comparePositions(event.position, applied) > 0)
        : events;
      if (!fresh.length) return [];
      // The row's lock orders batches across instances: their changes are numbered in that order.
      const batch = Number(sequence) + 1;
      publish(...(await this.projection.apply(tx, fresh, batch)));
      await tx.query(
        `UPDATE projection_checkpoints SET position = $2, sequence = $3, updated_at = now() WHERE name = $1`,
        [SALABLE_CHECKPOINT, positionToString(fresh[fresh.length - 1].position), batch],
      );
      return fresh;
    });
    this.metrics.applied(applied);
  }
}
