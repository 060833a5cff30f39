import { Inject, Injectable } from '@nestjs/common';
import {
  EVENT_STORE,
  EventStore,
  Position,
  RecordedEvent,
  START,
  comparePositions,
  positionFromString,
  positionToString,
} from '@inventory/event-store';
import { DataSource, EntityManager } from 'typeorm';
import { LIVE_TABLES, ProjectionTables, SalableProjection } from '../salable-quantity/salable-projection';
import { SALABLE_CHECKPOINT } from '../salable-quantity/salable-projector';

const PAGE = 5_000;

const REPLAY_TABLES = Object.fromEntries(
  Object.entries(LIVE_TABLES).map(([role, table]) => [role, `${table}_replay`]),
) as unknown as ProjectionTables;

const ROLES = Object.keys(LIVE_TABLES) as (keyof ProjectionTables)[];

export interface ReplayProgress {
  readonly events: number;
  readonly position: string | null;
}

export interface ReplayResult extends ReplayProgress {
  readonly seconds: number;
}

/**
 * Rebuilds the salable-quantity projection from the event store alone: fresh `*_replay` tables are
 * filled up to the live projection's checkpoint, then, with the checkpoint locked (the live
 * projector waits), the last events are applied and the tables are swapped in. The live projector
 * goes on from the same checkpoint, so nothing is published twice or skipped; the replay itself
 * publishes nothing.
 */
@Injectable()
export class SalableQuantityReplay {
  private readonly projection = new SalableProjection(REPLAY_TABLES);
  private parked?: Set<string>;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async run(onProgress: (progress: ReplayProgress) => void = () => undefined): Promise<ReplayResult> {
    const started = Date.now();
    this.parked = undefined;
    for (const role of ROLES) {
      await this.dataSource.query(`DROP TABLE IF EXISTS ${REPLAY_TABLES[role]}`);
      await this.dataSource.query(
        `CREATE TABLE ${REPLAY_TABLES[role]} (LIKE ${LIVE_TABLES[role]} INCLUDING ALL)`,
      );
      // Owned like the live table: run by an admin, the swapped-in table would otherwise be the
      // admin's, and the service (its own role) could no longer read or write its projection.
      const [{ owner }] = await this.dataSource.query(
        `SELECT tableowner AS owner FROM pg_tables WHERE schemaname = current_schema() AND tablename = $1`,
        [LIVE_TABLES[role]],
      );
      await this.dataSource.query(
        `ALTER TABLE ${REPLAY_TABLES[role]} OWNER TO "${owner.replace(/"/g, '""')}"`,
      );
    }
    let position: Position | undefined;
    let events = 0;
    const applyUpTo = async (
      until: Position | undefined,
      apply: (page: RecordedEvent[]) => Promise<unknown>,
    ) => {
      for (;;) {
        const { page, last } = await this.page(position, until);
        if (!last) return;
        if (page.length) await apply(page);
        position = last;
        events += page.length;
        onProgress({ events, position: positionToString(position) });
      }
    };
    // Most of the work, while the live projection keeps running (each page its own transaction).
    await applyUpTo(await this.liveCheckpoint(this.dataSource.manager), (page) =>
      this.dataSource.transaction((tx) => this.projection.apply(tx, page)),
    );
    await this.dataSource.transaction(async (tx) => {
      const checkpoint = await this.liveCheckpoint(tx, 'FOR UPDATE');
      await applyUpTo(checkpoint, (page) => this.projection.apply(tx, page));
      for (const role of ROLES) {
        await tx.query(`DROP TABLE ${LIVE_TABLES[role]}`);
        await tx.query(`ALTER TABLE ${REPLAY_TABLES[role]} RENAME TO ${LIVE_TABLES[role]}`);
      }
    });
    return {
      events,
      position: position ? positionToString(position) : null,
      seconds: (Date.now() - started) / 1000,
    };
  }

  /** Where the live projection is; the replay never goes past it, so the swap loses nothing. */
  private async liveCheckpoint(db: EntityManager, lock = ''): Promise<Position | undefined> {
    const [row] = await db.query(`SELECT position FROM projection_checkpoints WHERE name = $1 ${lock}`, [
      SALABLE_CHECKPOINT,
    ]);
    return row?.position ? positionFromString(row.position) : undefined;
  }

  /**
   * The next events after `after`, none past `until`, and of those none the live projection parked
   * (the replay builds what the live tables hold; a re-drive applies those once they can be); with
   * the position of the last one read, parked or not.
   */
  private async page(
    after: Position | undefined,
    until: Position | undefined,
  ): Promise<{ page: RecordedEvent[]; last?: Position }> {
    if (!until) return { page: [] };
    this.parked ??= new Set(
      (await this.dataSource.query(`SELECT event_id FROM parked_events WHERE resolved_at IS NULL`)).map(
        (row: { event_id: string }) => row.event_id,
      ),
    );
    const parked = this.parked;
    const events = await this.store.readAll(
      after ? { afterPosition: after, maxCount: PAGE } : { fromPosition: START, maxCount: PAGE },
    );
    const upTo = events.filter((event) => comparePositions(event.position, until) <= 0);
    return { page: upTo.filter((event) => !parked.has(event.eventId)), last: upTo.at(-1)?.position };
  }
}
