import { EventOf, IntegrationEvent, STATE_TOPICS, TOPICS } from '@inventory/contracts';
import { OutgoingMessage } from './message-bus';

/**
 * The latest state of a source item as `inventory.source-items-state.v1` holds it (key
 * `<sku>:<sourceCode>`): what a consumer needs to rebuild the catalog's quantities from offset 0.
 */
export interface SourceItemStateMessage {
  readonly sku: string;
  readonly sourceCode: string;
  readonly quantity: number;
  readonly status: string;
  readonly notifyStockQty: number | null;
  /** The non-sellable states (0 when never set). */
  readonly damaged: number;
  readonly qualityControl: number;
  readonly safetyStock: number;
  /** The catalog version of the change (keep the highest per key). */
  readonly version: number | null;
  /** When the change happened (the catalog event's occurredAt). */
  readonly updatedAt: string;
  /** The catalog event that set it (null when `npm run catalog -- republish-state` wrote it). */
  readonly eventId: string | null;
}

export const salableStateKey = (data: { stockId: number; sku: string }) => `${data.stockId}:${data.sku}`;
export const sourceItemStateKey = (sku: string, sourceCode: string) => `${sku}:${sourceCode}`;

/**
 * The messages of the compacted state topics an event stands for, published right after the event
 * itself (the outbox relay does it, so the state topics hold exactly what the event topics said):
 * a SalableQuantityChanged as it is, keyed by stock and SKU; a SourceItemsSaved as one state per
 * source item; a SourceItemsDeleted as one tombstone (null value) per source item, so compaction
 * forgets it.
 */
export function stateMessagesOf(message: OutgoingMessage): OutgoingMessage[] {
  if (message.value === null || (message.topic !== TOPICS.salable && message.topic !== TOPICS.catalog))
    return [];
  let event: IntegrationEvent;
  try {
    event = JSON.parse(message.value);
  } catch {
    return [];
  }
  const headers = message.headers;
  switch (event.type) {
    case 'SalableQuantityChanged':
      return [
        { topic: STATE_TOPICS.salableState, key: salableStateKey(event.data), value: message.value, headers },
      ];
    case 'SourceItemsSaved':
      return sourceItemStates(event).map((state) => ({
        topic: STATE_TOPICS.sourceItemsState,
        key: sourceItemStateKey(state.sku, state.sourceCode),
        value: JSON.stringify(state),
        headers,
      }));
    case 'SourceItemsDeleted':
      return event.data.sourceCodes.map((sourceCode) => ({
        topic: STATE_TOPICS.sourceItemsState,
        key: sourceItemStateKey(event.data.sku, sourceCode),
        value: null,
        headers,
      }));
    default:
      return [];
  }
}

function sourceItemStates(event: EventOf<'SourceItemsSaved'>): SourceItemStateMessage[] {
  return event.data.items.map((item) => ({
    sku: event.data.sku,
    sourceCode: item.sourceCode,
    quantity: item.quantity,
    status: item.status,
    notifyStockQty: item.notifyStockQty,
    damaged: item.damaged ?? 0,
    qualityControl: item.qualityControl ?? 0,
    safetyStock: item.safetyStock ?? 0,
    version: event.data.version ?? null,
    updatedAt: event.occurredAt,
    eventId: event.eventId,
  }));
}
