import { Caller, mayActFor } from '@inventory/access-control';
import {
  HttpStatus,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { OrderLine, sumQty } from '@inventory/contracts';
import { ApiError } from '@inventory/service-runtime';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { InventoryStreams } from '../streams/inventory-streams';
import { ReservationWriter } from '../writer/reservation-writer';
import { HoldState, releaseHoldEvents } from './hold-state';
import { LoopHealth } from '@inventory/observability';

const DEFAULT_TTL_SECONDS = Number(process.env.HOLD_TTL_SECONDS ?? 900);
/**
 * Caps on what one hold may take, so a storefront key cannot hold a SKU's stock for days: its
 * time (an hour, as WooCommerce's "hold stock" default) and its units across lines.
 */
const MAX_TTL_SECONDS = Number(process.env.HOLD_MAX_TTL_SECONDS ?? 3_600);
const MAX_UNITS = Number(process.env.HOLD_MAX_UNITS ?? 1_000);
const EXPIRY_INTERVAL_MS = Number(process.env.HOLD_EXPIRY_INTERVAL_MS ?? 1_000);
const EXPIRY_BATCH = 100;

/** Hold expiry among the service's background loops. */
const EXPIRY_LOOP = 'hold-expiry';

const holdNotFound = (holdId: string) => ApiError.notFound('hold_not_found', `Hold ${holdId} does not exist`);

/** A hold asking for longer or more than the caps is refused, naming the field; nothing is held. */
function refuseBeyondCaps(request: { items: readonly OrderLine[]; ttlSeconds?: number }): void {
  const problems = [];
  if (request.ttlSeconds !== undefined && request.ttlSeconds > MAX_TTL_SECONDS)
    problems.push({
      field: 'ttlSeconds',
      problems: [`must be at most ${MAX_TTL_SECONDS} (HOLD_MAX_TTL_SECONDS)`],
    });
  const units = sumQty(request.items.map((item) => item.qty));
  if (units > MAX_UNITS)
    problems.push({
      field: 'items',
      problems: [`hold at most ${MAX_UNITS} units at once (HOLD_MAX_UNITS), not ${units}`],
    });
  if (problems.length)
    throw ApiError.forFields(HttpStatus.BAD_REQUEST, 'hold_too_large', 'The hold asks too much', problems);
}

/**
 * Cart holds: reserve like an order for a while. Expiry is the service's own job: a timer looks for
 * due holds in the projection's `holds` table (so it survives restarts) and releases each through
 * its stream, where the expected revision makes every release happen once across instances.
 */
@Injectable()
export class HoldsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HoldsService.name);
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;
  /**
   * The database's clock less this host's, read at every sweep. The sweep compares expires_at with
   * the database's now(), so expiresAt is set on that clock: a host whose clock is off would
   * otherwise hold units longer than asked, or release them before their time.
   */
  private clockOffsetMs = 0;
  constructor(
    private readonly streams: InventoryStreams,
    private readonly writer: ReservationWriter,
    private readonly dataSource: DataSource,
    private readonly loops: LoopHealth,
  ) {}

  onApplicationBootstrap(): void {
    void this.dataSource
      .query(`SELECT now() AS now`)
      .then(([{ now }]: { now: Date }[]) => (this.clockOffsetMs = now.getTime() - Date.now()))
      .catch(() => undefined); // the first sweep reads it again
    this.timer = setInterval(() => {
      this.sweeping ??= this.releaseExpired()
        .then(() => this.loops.ok(EXPIRY_LOOP))
        .catch((error) => {
          this.loops.failed(EXPIRY_LOOP, error);
          this.logger.warn(`Hold expiry failed, will retry: ${String(error)}`);
        })
        .finally(() => (this.sweeping = undefined));
    }, EXPIRY_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.loops.stopped(EXPIRY_LOOP);
    await this.sweeping;
  }

  async place(
    request: { salesChannel: string; items: readonly OrderLine[]; ttlSeconds?: number },
    now = new Date(Date.now() + this.clockOffsetMs),
  ) {
    refuseBeyondCaps(request);
    const holdId = randomUUID();
    const ttlSeconds = Math.min(request.ttlSeconds ?? DEFAULT_TTL_SECONDS, MAX_TTL_SECONDS);
    const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
    // A refusal (HoldRefused: 409 not_salable per line; an unknown channel: 404) answers itself.
    await this.writer.placeHold({
      holdId,
      salesChannel: request.salesChannel,
      items: request.items,
      expiresAt,
    });
    return { holdId, expiresAt: expiresAt.toISOString() };
  }

  /**
   * The hold; 404 when there is none, or when `caller`'s key is scoped to other sales channels
   * (another channel's holds are not its business, nor whether they exist).
   */
  async get(holdId: string, caller?: Caller): Promise<HoldState> {
    const hold = (await this.streams.hold(holdId)).state;
    if (!hold || !mayActFor(caller, hold.salesChannel)) throw holdNotFound(holdId);
    return hold;
  }

  /** Releases a hold (the cart was dropped); releasing one already released changes nothing. */
  async release(
    holdId: string,
    reason: 'released' | 'expired' = 'released',
    caller?: Caller,
  ): Promise<HoldState> {
    await this.streams.execute(
      { eventId: `${holdId}/release`, correlationId: holdId },
      async () => {
        const hold = await this.streams.hold(holdId);
        if (!hold.state || !mayActFor(caller, hold.state.salesChannel)) throw holdNotFound(holdId);
        return { hold, skus: new Map() };
      },
      (reads) => releaseHoldEvents(reads.hold?.state, reason),
    );
    return this.get(holdId, caller);
  }

  private async releaseExpired(): Promise<void> {
    const [{ now }]: { now: Date }[] = await this.dataSource.query(`SELECT now() AS now`);
    this.clockOffsetMs = now.getTime() - Date.now();
    const due: { hold_id: string }[] = await this.dataSource.query(
      `SELECT hold_id FROM holds WHERE released_because IS NULL AND expires_at <= now()
       ORDER BY expires_at LIMIT ${EXPIRY_BATCH}`,
    );
    for (const { hold_id } of due) await this.release(hold_id, 'expired');
  }
}
