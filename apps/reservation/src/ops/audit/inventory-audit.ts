import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { sumQty } from '@inventory/contracts';
import { decideAuditAdjustment } from '../../compensation/decide-compensation';
import { InventoryStreams } from '../../streams/inventory-streams';
import { NOTHING } from '../../streams/outcome';
import { streamEventId } from '../../streams/stream-event-id';
import { Inconsistency, findInconsistencies, inconsistencyKey } from './audit-rules';
import { ReservationSnapshotReader } from './reservation-snapshot';
import { ServiceReadsConfig, catalogItems, fulfillmentOrder, fulfillmentOrders } from './service-reads';

export interface AuditOptions extends ServiceReadsConfig {
  /** Append the adjustments that bring each differing order line to what fulfillment says. */
  readonly fix: boolean;
  /** Between the two passes: only what differs in both is reported (events still in flight are not). */
  readonly confirmAfterMs: number;
  readonly onProgress?: (what: string) => void;
}

export interface AuditResult {
  readonly inconsistencies: readonly Inconsistency[];
  /** Order lines adjusted by this run (with --fix). */
  readonly fixed: readonly { readonly orderId: string; readonly sku: string; readonly units: number }[];
}

/**
 * `npm run inventory -- audit`: Magento's inventory:reservation:list-inconsistencies for this
 * platform. Compares, per SKU and order, the reservation streams with fulfillment's open order lines
 * and the catalog's quantities, twice, and reports what differs both times. With `fix`, each order
 * line that holds other than fulfillment says gets an adjustment appended to its order and SKU
 * streams, only while the order stream is still at the revision audited and fulfillment still says
 * the same, under event ids derived from that revision: a second run, or two at once, adjusts
 * nothing more, and a line that moved meanwhile is left for the next audit.
 */
@Injectable()
export class InventoryAudit {
  constructor(
    private readonly snapshots: ReservationSnapshotReader,
    private readonly streams: InventoryStreams,
  ) {}

  async run(options: AuditOptions): Promise<AuditResult> {
    const first = await this.pass(options);
    await new Promise((resolve) => setTimeout(resolve, options.confirmAfterMs));
    const second = await this.pass(options);
    const seenBefore = new Set(first.map(inconsistencyKey));
    const inconsistencies = second.filter((found) => seenBefore.has(inconsistencyKey(found)));
    const fixed = options.fix ? await this.fix(inconsistencies, options) : [];
    return { inconsistencies, fixed };
  }

  private async pass(options: AuditOptions): Promise<Inconsistency[]> {
    const progress = options.onProgress ?? (() => undefined);
    const reservation = await this.snapshots.read((events) => progress(`read ${events} stored events`));
    progress('reading fulfillment and the catalog');
    const [fulfillment, catalog] = await Promise.all([fulfillmentOrders(options), catalogItems(options)]);
    return findInconsistencies(reservation, fulfillment, catalog);
  }

  /**
   * Each differing line brought to fulfillment's figure, if neither side moved since the audit
   * read them: the order stream still at the revision read, fulfillment still saying the same.
   */
  private async fix(
    inconsistencies: readonly Inconsistency[],
    reads: ServiceReadsConfig,
  ): Promise<AuditResult['fixed']> {
    const fixed: { orderId: string; sku: string; units: number }[] = [];
    const correlationId = randomUUID();
    for (const found of inconsistencies) {
      if (found.kind !== 'held_differs' || found.revision === undefined) continue;
      const { orderId, sku, expected, revision } = found;
      const theirs = await fulfillmentOrder(reads, orderId);
      const line = theirs?.lines.find((candidate) => candidate.sku === sku);
      if (!line || sumQty([line.toShip, line.inFlight]) !== expected) continue;
      // Named by the revision audited: a second audit at once decides under the same event ids,
      // and one of the two appends nothing.
      const cause = { eventId: streamEventId(`audit:${orderId}:${sku}`, String(revision), 0), correlationId };
      const outcome = await this.streams.execute(
        cause,
        async () => ({ skus: new Map(), orders: new Map([[orderId, await this.streams.order(orderId)]]) }),
        (read) => {
          const order = read.orders?.get(orderId);
          if (!order?.state || order.revision !== revision) return NOTHING;
          return decideAuditAdjustment(order.state, sku, expected);
        },
      );
      const settled = outcome.order?.events[0];
      if (settled?.type === 'OrderLineSettled') fixed.push({ orderId, sku, units: settled.data.units });
    }
    return fixed;
  }
}
