import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { TransactionScope, UnitOfWork } from '@inventory/messaging';
import { EntityManager } from 'typeorm';
import { BackgroundLoop } from '../background-loop';
import { crossingsIn, lowStockDetected } from './low-stock';
import { SkuRange, recomputeLowStock, recordCrossings } from './low-stock-store';
import { LoopHealth } from '@inventory/observability';

/** Source items recomputed per transaction of a global recompute. */
const CHUNK_ROWS = 20_000;

/** Recomputes a range of SKUs; each crossing is recorded for the digest and announced, once. */
export async function announceCrossings({ tx, publish }: TransactionScope, range: SkuRange): Promise<number> {
  const crossings = crossingsIn(await recomputeLowStock(tx, range));
  await recordCrossings(tx, crossings);
  publish(...crossings.map(lowStockDetected));
  return crossings.length;
}

/** Asks for every source item to be recomputed (after a global change), from the first SKU. */
export async function requestFullRecompute(tx: EntityManager): Promise<void> {
  await tx.query(
    `INSERT INTO low_stock_recompute (id, after_sku) VALUES (1, '')
     ON CONFLICT (id) DO UPDATE SET after_sku = '', started_at = now()`,
  );
}

/**
 * Works through a requested full recompute in chunks of about CHUNK_ROWS source items, each in its
 * own transaction that also moves the cursor, so no transaction (and no Kafka consumer) holds a
 * million rows, a crash resumes where it stopped, and a chunk done twice changes nothing. A new
 * global change while it runs sends the cursor back to the start. Until it ends, the report mixes
 * items under the old and the new global notify quantity.
 */
@Injectable()
export class LowStockRecomputer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly loop: BackgroundLoop;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    loops: LoopHealth,
  ) {
    this.loop = new BackgroundLoop('low-stock-recompute', () => this.runToEnd(), 1_000, loops);
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  kick(): void {
    this.loop.kick();
  }

  onApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  private async runToEnd(): Promise<void> {
    while (!this.loop.isStopped && (await this.nextChunk())) {
      // next chunk
    }
  }

  /** One chunk; false when there is no recompute to do (or another instance holds it). */
  private nextChunk(): Promise<boolean> {
    return this.unitOfWork.run(async (scope) => {
      const [job]: { after_sku: string }[] = await scope.tx.query(
        `SELECT after_sku FROM low_stock_recompute WHERE id = 1 FOR UPDATE SKIP LOCKED`,
      );
      if (!job) return false;
      const [range]: { from: string | null; to: string | null }[] = await scope.tx.query(
        `SELECT min(sku) AS from, max(sku) AS to
           FROM (SELECT sku FROM source_items WHERE sku > $1 ORDER BY sku LIMIT ${CHUNK_ROWS}) chunk`,
        [job.after_sku],
      );
      if (range.from === null || range.to === null) {
        await scope.tx.query(`DELETE FROM low_stock_recompute WHERE id = 1`);
        return false;
      }
      await announceCrossings(scope, { from: range.from, to: range.to });
      await scope.tx.query(`UPDATE low_stock_recompute SET after_sku = $1 WHERE id = 1`, [range.to]);
      return true;
    });
  }
}
