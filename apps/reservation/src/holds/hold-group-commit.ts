import { skusOf } from '../checkout/check-lines';
import { InventoryStreams, configurationIn, skuStatesIn } from '../streams/inventory-streams';
import { HoldDecision, PlaceHold, decideHolds } from './hold-state';

/** Holds recorded in one append at most (a bound on one commit's size, not on the queue's wait). */
const MAX_BATCH = Number(process.env.HOLD_GROUP_COMMIT_MAX ?? 256);

interface Queued {
  readonly command: PlaceHold;
  readonly settle: (error?: unknown) => void;
}

/**
 * One writer for the instance's cart holds (group commit): the holds that arrive while a commit
 * runs wait for it, and are then decided one after the other on one read and recorded in one
 * append. Holds racing for a hot SKU inside an instance no longer race each other for its
 * stream's revision (the race that ran out of retries and answered 500); the expected revisions
 * still guard against the other writers (orders from Kafka, other instances), and a conflict
 * there is retried by deciding the whole batch again on a fresh read.
 */
export class HoldGroupCommit {
  private readonly queue: Queued[] = [];
  private draining?: Promise<void>;

  constructor(private readonly streams: InventoryStreams) {}

  /** Resolves once the hold is recorded; rejects with HoldRefused or Refusal, or what failed. */
  place(command: PlaceHold): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ command, settle: (error) => (error === undefined ? resolve() : reject(error)) });
      // Set before any await, so a hold queued while the last batch ends starts the next drain.
      this.draining ??= this.drain();
    });
  }

  /** Waits for the holds already queued (shutdown). */
  async idle(): Promise<void> {
    await this.draining;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length) await this.commit(this.queue.splice(0, MAX_BATCH));
    } finally {
      this.draining = undefined;
    }
  }

  private async commit(batch: readonly Queued[]): Promise<void> {
    const commands = batch.map((queued) => queued.command);
    let decided: HoldDecision[] = [];
    try {
      await this.streams.executeAll(
        async () => {
          const [configuration, skus] = await Promise.all([
            this.streams.configuration(),
            this.streams.skus(commands.flatMap((command) => skusOf(command.items))),
          ]);
          return { configuration, skus };
        },
        (reads) => {
          decided = decideHolds(commands, {
            configuration: configurationIn(reads),
            skus: skuStatesIn(reads),
          });
          return decided.flatMap((decision, index) =>
            'outcome' in decision
              ? [
                  {
                    cause: { eventId: commands[index].holdId, correlationId: commands[index].holdId },
                    outcome: decision.outcome,
                  },
                ]
              : [],
          );
        },
      );
    } catch (error) {
      for (const queued of batch) queued.settle(error);
      return;
    }
    batch.forEach((queued, index) => {
      const decision = decided[index];
      queued.settle('refusal' in decision ? decision.refusal : undefined);
    });
  }
}
