import { createEvent } from '@inventory/contracts';
import { OutboxEntry } from '@inventory/messaging';
import { RecordedEvent } from '@inventory/event-store';
import { EntityManager } from 'typeorm';
import {
  Configuration,
  evolveConfiguration,
  initialConfiguration,
  stockIds,
} from '../configuration/configuration';
import { salableView, standingIn } from '../sku-state/salable-quantity';
import { SkuState, evolveSku, initialSkuState } from '../sku-state/sku-state';
import {
  CONFIGURATION_STREAM,
  ConfigurationEvent,
  HoldEvent,
  SalableView,
  SkuEvent,
  skuOfStream,
} from '../streams/stream-events';
import { reservationEventsOf } from './integration-events';

/** The tables one projection writes; a replay writes fresh ones and swaps them in. */
export interface ProjectionTables {
  readonly configuration: string;
  readonly skus: string;
  readonly salable: string;
  readonly holds: string;
}

export const LIVE_TABLES: ProjectionTables = {
  configuration: 'projected_configuration',
  skus: 'projected_skus',
  salable: 'salable_quantities',
  holds: 'holds',
};

const HOLD_PREFIX = 'hold-';
const RECOMPUTE_PAGE = 5_000;

export interface SalableRow {
  stock_id: number;
  sku: string;
  salable_qty: string | null;
  is_salable: boolean;
  only_x_left: string | null;
  backorders: string;
}

const numberOrNull = (value: string | null) => (value === null ? null : Number(value));

export const viewOfRow = (row: SalableRow): SalableView => ({
  stockId: row.stock_id,
  sku: row.sku,
  salableQty: numberOrNull(row.salable_qty),
  isSalable: row.is_salable,
  onlyXLeft: numberOrNull(row.only_x_left),
  backorders: row.backorders as SalableView['backorders'],
});

const sameView = (a: SalableView, b: SalableView) =>
  a.salableQty === b.salableQty &&
  a.isSalable === b.isSalable &&
  a.onlyXLeft === b.onlyXLeft &&
  a.backorders === b.backorders;

/** A SalableQuantityChanged numbered with its batch's sequence; other events as they are. */
function withSequence(entry: OutboxEntry, sequence: number): OutboxEntry {
  if (entry.event.type !== 'SalableQuantityChanged') return entry;
  return {
    ...entry,
    event: { ...entry.event, data: { ...entry.event.data, sequence } } as typeof entry.event,
  };
}

/** The sources whose SKUs a configuration event changes; 'all' for the global settings. */
function touchedSources(before: Configuration, event: ConfigurationEvent): string[] | 'all' {
  switch (event.type) {
    case 'StockRecorded':
      return [...(before.stocks[event.data.stockId]?.sourceCodes ?? []), ...event.data.sourceCodes];
    case 'StockRemoved':
      return [...(before.stocks[event.data.stockId]?.sourceCodes ?? [])];
    case 'SourceRecorded':
      return [event.data.code];
    case 'GlobalSettingsRecorded':
      return 'all';
    case 'KitRecorded':
      // A kit has no row of its own: its salable quantity is computed from its components when asked.
      return [];
  }
}

/**
 * Folds stored events into the salable-quantity read model: per SKU its folded stream state, per
 * stock and SKU the salable view, and the holds. Whatever changes is published through the outbox
 * (SalableQuantityChanged, and the reservation outcomes and compensations) in the same transaction
 * as the tables, so the projection and Kafka agree after any crash.
 */
export class SalableProjection {
  constructor(private readonly tables: ProjectionTables) {}

  /** `sequence` numbers the batch's SalableQuantityChanged (a replay publishes nothing: none). */
  async apply(
    tx: EntityManager,
    events: readonly RecordedEvent[],
    sequence?: number,
  ): Promise<OutboxEntry[]> {
    const outbox: OutboxEntry[] = [];
    let configuration = await this.configuration(tx);
    const skus = await this.skuStates(tx, events);
    const dirty = new Set<string>();
    let recompute: Set<string> | 'all' = new Set();
    let configurationChanged = false;
    const holdEvents: HoldEvent[] = [];

    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data };
      const sku = skuOfStream(recorded.streamId);
      if (recorded.streamId === CONFIGURATION_STREAM) {
        const touched = touchedSources(configuration, event as ConfigurationEvent);
        configuration = evolveConfiguration(configuration, event as ConfigurationEvent);
        configurationChanged = true;
        if (touched === 'all' || recompute === 'all') recompute = 'all';
        else touched.forEach((code) => (recompute as Set<string>).add(code));
      } else if (sku !== undefined) {
        const before = skus.get(sku) ?? { state: initialSkuState(sku), revision: -1 };
        // Applied already (a re-drive of what a replay applied): the sums must not count it twice.
        if (recorded.revision <= before.revision) continue;
        skus.set(sku, { state: evolveSku(before.state, event as SkuEvent), revision: recorded.revision });
        dirty.add(sku);
      } else if (recorded.streamId.startsWith(HOLD_PREFIX)) {
        holdEvents.push(event as HoldEvent);
      }
      outbox.push(...reservationEventsOf(recorded));
    }

    await this.saveSkus(tx, skus, dirty);
    await this.applyHolds(tx, holdEvents);
    // Saved on every change: a new stock without sources touches no SKU but must still be known.
    if (configurationChanged) {
      await tx.query(
        `INSERT INTO ${this.tables.configuration} (id, state) VALUES (1, $1)
         ON CONFLICT (id) DO UPDATE SET state = excluded.state`,
        [JSON.stringify(configuration)],
      );
    }
    outbox.push(
      ...(await this.publishChanged(
        tx,
        [...skus].filter(([sku]) => dirty.has(sku)).map(([, s]) => s.state),
        configuration,
      )),
    );
    if (recompute === 'all' || recompute.size) {
      outbox.push(...(await this.recomputeAtSources(tx, recompute, configuration, dirty)));
    }
    return sequence === undefined ? outbox : outbox.map((entry) => withSequence(entry, sequence));
  }

  async configuration(db: EntityManager): Promise<Configuration> {
    const [row] = await db.query(`SELECT state FROM ${this.tables.configuration} WHERE id = 1`);
    return row?.state ?? initialConfiguration();
  }

  private async skuStates(tx: EntityManager, events: readonly RecordedEvent[]) {
    const names = [
      ...new Set(
        events.flatMap((e) => {
          const sku = skuOfStream(e.streamId);
          return sku === undefined ? [] : [sku];
        }),
      ),
    ];
    const rows: { sku: string; revision: string; state: SkuState }[] = names.length
      ? await tx.query(`SELECT sku, revision, state FROM ${this.tables.skus} WHERE sku = ANY($1)`, [names])
      : [];
    return new Map(rows.map((row) => [row.sku, { state: row.state, revision: Number(row.revision) }]));
  }

  private async saveSkus(
    tx: EntityManager,
    skus: Map<string, { state: SkuState; revision: number }>,
    dirty: Set<string>,
  ): Promise<void> {
    const changed = [...skus].filter(([sku]) => dirty.has(sku)).map(([, loaded]) => loaded);
    if (!changed.length) return;
    await tx.query(
      `INSERT INTO ${this.tables.skus} (sku, revision, state)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::jsonb[])
       ON CONFLICT (sku) DO UPDATE SET revision = excluded.revision, state = excluded.state`,
      [
        changed.map((s) => s.state.sku),
        changed.map((s) => s.revision),
        changed.map((s) => JSON.stringify(s.state)),
      ],
    );
  }

  /**
   * The holds table (what the expiry sweep reads) in two statements per batch, whatever its
   * number of holds: a group commit of cart holds brings hundreds at once. Placements go in
   * first, so a hold placed and released in the same batch ends released.
   */
  private async applyHolds(tx: EntityManager, events: readonly HoldEvent[]): Promise<void> {
    const placed = events.flatMap((event) => (event.type === 'HoldPlaced' ? [event.data] : []));
    const released = events.flatMap((event) => (event.type === 'HoldReleased' ? [event.data] : []));
    if (placed.length)
      await tx.query(
        `INSERT INTO ${this.tables.holds} (hold_id, sales_channel, stock_id, items, expires_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::jsonb[], $5::timestamptz[])
         ON CONFLICT (hold_id) DO NOTHING`,
        [
          placed.map((hold) => hold.holdId),
          placed.map((hold) => hold.salesChannel),
          placed.map((hold) => hold.stockId),
          placed.map((hold) => JSON.stringify(hold.items)),
          placed.map((hold) => hold.expiresAt),
        ],
      );
    if (released.length)
      await tx.query(
        `UPDATE ${this.tables.holds} h SET released_because = r.reason
           FROM unnest($1::text[], $2::text[]) AS r(hold_id, reason) WHERE h.hold_id = r.hold_id`,
        [released.map((hold) => hold.holdId), released.map((hold) => hold.reason)],
      );
  }

  /** SKUs at the touched sources (or every SKU) get their views computed again. */
  private async recomputeAtSources(
    tx: EntityManager,
    sources: Set<string> | 'all',
    configuration: Configuration,
    done: Set<string>,
  ): Promise<OutboxEntry[]> {
    const outbox: OutboxEntry[] = [];
    for (let after = ''; ;) {
      const rows: { sku: string; state: SkuState }[] =
        sources === 'all'
          ? await tx.query(
              `SELECT sku, state FROM ${this.tables.skus} WHERE sku > $1 ORDER BY sku LIMIT ${RECOMPUTE_PAGE}`,
              [after],
            )
          : await tx.query(
              `SELECT sku, state FROM ${this.tables.skus} WHERE state -> 'sources' ?| $2 AND sku > $1
               ORDER BY sku LIMIT ${RECOMPUTE_PAGE}`,
              [after, [...sources]],
            );
      if (!rows.length) return outbox;
      outbox.push(
        ...(await this.publishChanged(
          tx,
          rows.filter((row) => !done.has(row.sku)).map((row) => row.state),
          configuration,
        )),
      );
      after = rows[rows.length - 1].sku;
    }
  }

  /**
   * Keeps one row per stock a SKU is assigned to (has a source item at one of its sources), so the
   * table depends only on the events, not on how they were batched: a replay gives the same table.
   * Each view that changed, or a SKU leaving or joining a stock, is published as SalableQuantityChanged.
   */
  private async publishChanged(tx: EntityManager, states: SkuState[], configuration: Configuration) {
    if (!states.length) return [];
    const rows: SalableRow[] = await tx.query(`SELECT * FROM ${this.tables.salable} WHERE sku = ANY($1)`, [
      states.map((state) => state.sku),
    ]);
    const current = new Map(rows.map((row) => [`${row.stock_id}/${row.sku}`, viewOfRow(row)]));
    const changed: SalableView[] = [];
    const kept: SalableView[] = [];
    for (const state of states) {
      for (const stockId of stockIds(configuration)) {
        const standing = standingIn(state, configuration, stockId);
        const view = salableView(standing);
        const before = current.get(`${stockId}/${state.sku}`) ?? {
          ...view,
          salableQty: 0,
          isSalable: false,
          onlyXLeft: null,
        };
        if (!sameView(before, view)) changed.push(view);
        if (standing.assigned) kept.push(view);
      }
    }
    const keep = new Set(kept.map((view) => `${view.stockId}/${view.sku}`));
    const gone = rows.filter((row) => !keep.has(`${row.stock_id}/${row.sku}`));
    if (gone.length) {
      await tx.query(
        `DELETE FROM ${this.tables.salable} WHERE (stock_id, sku) IN (SELECT * FROM unnest($1::int[], $2::text[]))`,
        [gone.map((row) => row.stock_id), gone.map((row) => row.sku)],
      );
    }
    const written = kept.filter(
      (view) => changed.includes(view) || !current.has(`${view.stockId}/${view.sku}`),
    );
    if (written.length) {
      await tx.query(
        `INSERT INTO ${this.tables.salable} (stock_id, sku, salable_qty, is_salable, only_x_left, backorders)
         SELECT * FROM unnest($1::int[], $2::text[], $3::numeric[], $4::boolean[], $5::numeric[], $6::text[])
         ON CONFLICT (stock_id, sku) DO UPDATE SET salable_qty = excluded.salable_qty, is_salable = excluded.is_salable,
           only_x_left = excluded.only_x_left, backorders = excluded.backorders, updated_at = now()`,
        [
          written.map((v) => v.stockId),
          written.map((v) => v.sku),
          written.map((v) => v.salableQty),
          written.map((v) => v.isSalable),
          written.map((v) => v.onlyXLeft),
          written.map((v) => v.backorders),
        ],
      );
    }
    return changed.map((view): OutboxEntry => ({
      event: createEvent('SalableQuantityChanged', view, { source: 'reservation' }),
      key: view.sku,
    }));
  }
}
