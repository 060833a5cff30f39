import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { EventOf } from '@inventory/contracts';
import { DuplicateEventIdError } from '@inventory/event-store';
import { isInfrastructureUnavailable } from '@inventory/messaging';
import { skusToRead } from '../checkout/check-lines';
import { todayOf } from '../backorders/expected-ship-date';
import { HoldDecision, PlaceHold } from '../holds/hold-state';
import {
  CACHED_READ_MAX_AGE_MS,
  Cause,
  Decision,
  InventoryStreams,
  configurationIn,
  skuStatesIn,
} from '../streams/inventory-streams';
import { ORDER_STREAM_PREFIX } from '../streams/stream-events';
import { WriterCommand, decideCommands } from './decide-commands';

/**
 * An order whose events an earlier delivery recorded (part of them: it decides differently now):
 * it was applied, as the Kafka handler counts it.
 */
const alreadyApplied = (queued: Queued, error: unknown) =>
  queued.command.kind === 'order' && error instanceof DuplicateEventIdError;

/** Commands recorded in one append at most (a bound on one commit's size, not on the queue's wait). */
const MAX_BATCH = Number(process.env.WRITER_MAX_BATCH ?? 1_000);

interface Queued {
  readonly command: WriterCommand;
  readonly cause: Cause;
  readonly settle: (error?: unknown) => void;
}

/**
 * The instance's one writer for orders and cart holds (group commit). Orders from Kafka and holds
 * over HTTP queue here; while one append runs, the next batch gathers; then the whole batch is
 * decided one command after the other on the SKUs' states as this instance knows them (no read
 * for a SKU it wrote itself in the last CACHED_READ_MAX_AGE_MS) and recorded in one append. Inside
 * an instance nothing races for a SKU's revision; the expected revisions still guard against the
 * other writers (other instances, compensations), and a conflict decides the batch again on a
 * fresh read. A hold's HTTP request waits for its batch's commit, never for a race.
 */
@Injectable()
export class ReservationWriter implements OnApplicationShutdown {
  private readonly queue: Queued[] = [];
  private draining?: Promise<void>;

  constructor(private readonly streams: InventoryStreams) {}

  /** Resolves once the hold is recorded; rejects with HoldRefused or Refusal, or what failed. */
  placeHold(hold: PlaceHold): Promise<void> {
    return this.submit({ kind: 'hold', hold }, { eventId: hold.holdId, correlationId: hold.holdId });
  }

  /** Resolves once every order is recorded (placed, rejected, or found decided before). */
  async reserveOrders(events: readonly EventOf<'OrderPlaced'>[]): Promise<void> {
    await Promise.all(events.map((event) => this.submit({ kind: 'order', order: event.data }, event)));
  }

  /** Shutdown waits for what is queued (the consumers have stopped handing orders over). */
  async onApplicationShutdown(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private submit(command: WriterCommand, cause: Cause): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({
        command,
        cause,
        settle: (error) => (error === undefined ? resolve() : reject(error)),
      });
      // Set before any await, so a command queued while the last batch ends starts the next drain;
      // started on the next turn of the event loop, so that a Kafka batch's orders (queued in one
      // go) and the requests read in the same turn make one batch, not a first one of one command.
      this.draining ??= new Promise<void>((started) => setImmediate(started)).then(() => this.drain());
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length) await this.commit(this.queue.splice(0, MAX_BATCH));
    } finally {
      this.draining = undefined;
    }
  }

  /**
   * One batch, one append. If it fails (an order recorded by an earlier delivery, an instance that
   * kept winning), it is split in two halves tried in turn, down to the command at fault, so one
   * command's failure fails nobody else and costs a few appends, not one per command; a database
   * that is away fails them all at once.
   */
  private async commit(batch: readonly Queued[]): Promise<void> {
    let decided: HoldDecision[];
    try {
      decided = await this.record(batch);
    } catch (error) {
      if (batch.length === 1 || isInfrastructureUnavailable(error)) {
        for (const queued of batch) queued.settle(alreadyApplied(queued, error) ? undefined : error);
        return;
      }
      const half = Math.ceil(batch.length / 2);
      await this.commit(batch.slice(0, half));
      await this.commit(batch.slice(half));
      return;
    }
    batch.forEach((queued, index) => {
      const decision = decided[index];
      queued.settle('refusal' in decision ? decision.refusal : undefined);
    });
  }

  /**
   * Orders are assumed new (no order stream read): an order stream that turns out to exist fails
   * the append, and the retry reads that stream, so the order is seen as decided.
   */
  private async record(batch: readonly Queued[]): Promise<HoldDecision[]> {
    const { streams } = this;
    const commands = batch.map((queued) => queued.command);
    const existing = new Set<string>();
    let decided: HoldDecision[] = [];
    // After a conflict every stream is read again: another writer may have moved more than the one
    // the store named.
    let conflicted = false;
    await streams.executeAll(
      async () => {
        const maxAgeMs = conflicted ? 0 : CACHED_READ_MAX_AGE_MS;
        // The configuration first: it says which lines are kits, whose components are read too.
        const configuration = await streams.configuration(maxAgeMs);
        const skus = commands.flatMap((command) =>
          skusToRead(
            command.kind === 'order' ? command.order.items : command.hold.items,
            configuration.state,
          ),
        );
        const [states, orders] = await Promise.all([
          streams.skus(skus, maxAgeMs),
          Promise.all([...existing].map(async (id) => [id, await streams.order(id)] as const)),
        ]);
        return { configuration, skus: states, orders: new Map(orders) };
      },
      (reads) => {
        const orders = [...(reads.orders ?? [])];
        decided = decideCommands(commands, {
          configuration: configurationIn(reads),
          skus: skuStatesIn(reads),
          decided: new Set(orders.filter(([, order]) => order.state).map(([id]) => id)),
          today: todayOf(new Date()),
        });
        return decided.flatMap((decision, index): Decision[] =>
          'outcome' in decision ? [{ cause: batch[index].cause, outcome: decision.outcome }] : [],
        );
      },
      (streamId) => {
        conflicted = true;
        if (streamId.startsWith(ORDER_STREAM_PREFIX))
          existing.add(streamId.slice(ORDER_STREAM_PREFIX.length));
      },
    );
    return decided;
  }
}
