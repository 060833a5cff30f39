import { EventOf, roundQty } from '@inventory/contracts';
import { SkuEvent } from '../streams/stream-events';

export type IncomingInput = EventOf<
  | 'PurchaseOrderPlaced'
  | 'GoodsReceived'
  | 'PurchaseOrderCanceled'
  | 'TransferShipped'
  | 'TransferReceived'
  | 'TransferCanceled'
>;

/** The day an ISO date or time falls on (what a backorder is dated by). */
const dayOf = (at: string | null): string | null => (at === null ? null : at.slice(0, 10));

/**
 * Purchase orders (replenishment.v1) and transfers in transit (inventory.catalog.v1) as the units
 * on their way to each source, per SKU stream: placed or shipped adds them, received or canceled
 * takes them away. Recorded by event id, so a delivery again changes nothing.
 */
export function decideIncoming(input: IncomingInput): Map<string, SkuEvent[]> {
  const changes = new Map<string, SkuEvent[]>();
  const change = (sku: string, ref: string, sourceCode: string, delta: number, expectedAt: string | null) =>
    changes.set(sku, [
      ...(changes.get(sku) ?? []),
      {
        type: 'IncomingChanged',
        data: { ref, sourceCode, delta: roundQty(delta), expectedAt: dayOf(expectedAt) },
      },
    ]);
  switch (input.type) {
    case 'PurchaseOrderPlaced': {
      const { purchaseOrderId, sourceCode, expectedAt, lines } = input.data;
      for (const line of lines) change(line.sku, `po:${purchaseOrderId}`, sourceCode, line.qty, expectedAt);
      return changes;
    }
    case 'GoodsReceived':
    case 'PurchaseOrderCanceled': {
      const { purchaseOrderId, sourceCode, lines } = input.data;
      for (const line of lines) change(line.sku, `po:${purchaseOrderId}`, sourceCode, -line.qty, null);
      return changes;
    }
    case 'TransferShipped': {
      const { transferId, toSourceCode, items, expectedAt } = input.data;
      for (const item of items)
        change(item.sku, `transfer:${transferId}`, toSourceCode, item.qty, expectedAt);
      return changes;
    }
    case 'TransferReceived': {
      const { transferId, toSourceCode, items } = input.data;
      for (const item of items)
        change(item.sku, `transfer:${transferId}`, toSourceCode, -(item.qty + item.damaged), null);
      return changes;
    }
    case 'TransferCanceled': {
      const { transferId, toSourceCode, items } = input.data;
      for (const item of items) change(item.sku, `transfer:${transferId}`, toSourceCode, -item.qty, null);
      return changes;
    }
    default: {
      const unknown: never = input;
      throw new Error(`Unknown incoming input ${JSON.stringify(unknown)}`);
    }
  }
}
