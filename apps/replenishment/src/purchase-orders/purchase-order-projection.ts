import { createEvent } from '@inventory/contracts';
import { RecordedEvent } from '@inventory/event-store';
import { OutboxEntry } from '@inventory/messaging';
import { EntityManager } from 'typeorm';
import { PurchaseOrderEvent } from './purchase-order';

const SOURCE = 'replenishment';

/**
 * The purchase orders' read model (purchase_orders, purchase_order_lines: what lists and incoming
 * are answered from) and their events on replenishment.v1, written from the stored events in one
 * transaction. The published event's id is the stored event's, so publishing it twice is one event.
 */
export async function projectPurchaseOrders(
  tx: EntityManager,
  events: readonly RecordedEvent[],
): Promise<OutboxEntry[]> {
  const outbox: OutboxEntry[] = [];
  for (const recorded of events) {
    if (!recorded.streamId.startsWith('purchase-order-')) continue;
    const event = { type: recorded.type, data: recorded.data } as PurchaseOrderEvent;
    await applyToTables(tx, event, recorded.recordedAt);
    const { correlationId } = recorded.metadata as { correlationId?: string };
    outbox.push({
      event: createEvent(event.type, event.data, {
        source: SOURCE,
        eventId: recorded.eventId,
        occurredAt: recorded.recordedAt,
        ...(correlationId ? { correlationId } : {}),
      }),
      key: event.data.purchaseOrderId,
    } as OutboxEntry);
  }
  return outbox;
}

async function applyToTables(tx: EntityManager, event: PurchaseOrderEvent, at: Date): Promise<void> {
  switch (event.type) {
    case 'PurchaseOrderPlaced': {
      const { purchaseOrderId, supplierCode, sourceCode, expectedAt, lines } = event.data;
      await tx.query(
        `INSERT INTO purchase_orders (purchase_order_id, supplier_code, source_code, expected_at, status, placed_at)
         VALUES ($1, $2, $3, $4, 'open', $5) ON CONFLICT DO NOTHING`,
        [purchaseOrderId, supplierCode, sourceCode, expectedAt, at],
      );
      await tx.query(
        `INSERT INTO purchase_order_lines (purchase_order_id, sku, qty)
         SELECT $1, * FROM unnest($2::text[], $3::numeric[]) ON CONFLICT DO NOTHING`,
        [purchaseOrderId, lines.map((line) => line.sku), lines.map((line) => line.qty)],
      );
      return;
    }
    case 'GoodsReceived': {
      const { purchaseOrderId, lines } = event.data;
      await tx.query(
        `UPDATE purchase_order_lines l SET received = l.received + r.qty
           FROM (SELECT sku, sum(qty) AS qty FROM unnest($2::text[], $3::numeric[]) AS r(sku, qty) GROUP BY sku) r
          WHERE l.purchase_order_id = $1 AND l.sku = r.sku`,
        [purchaseOrderId, lines.map((line) => line.sku), lines.map((line) => line.qty)],
      );
      await tx.query(
        `UPDATE purchase_orders o SET updated_at = now(), status = CASE
           WHEN EXISTS (SELECT 1 FROM purchase_order_lines l
                         WHERE l.purchase_order_id = o.purchase_order_id AND l.received < l.qty)
           THEN 'partially_received' ELSE 'received' END
          WHERE purchase_order_id = $1 AND status <> 'canceled'`,
        [purchaseOrderId],
      );
      return;
    }
    case 'PurchaseOrderCanceled':
      await tx.query(
        `UPDATE purchase_orders SET status = 'canceled', updated_at = now() WHERE purchase_order_id = $1`,
        [event.data.purchaseOrderId],
      );
      return;
    default: {
      const unknown: never = event;
      throw new Error(`Unknown purchase order event ${JSON.stringify(unknown)}`);
    }
  }
}
