/** The Kafka topics of the contract (docs/operations.md, "Topics and keys"). Each has a `<topic>.dlq` twin for poison messages. */
export const TOPICS = {
  orders: 'orders.v1',
  fulfillment: 'fulfillment.v1',
  catalog: 'inventory.catalog.v1',
  reservations: 'inventory.reservations.v1',
  salable: 'inventory.salable.v1',
  notifications: 'notifications.v1',
  replenishment: 'replenishment.v1',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

export const ALL_TOPICS: readonly Topic[] = Object.values(TOPICS);

/** Who writes each topic, what its messages are keyed by, and which consumer groups read it. */
export const TOPIC_ROUTES: Readonly<
  Record<Topic, { readonly key: string; readonly writtenBy: string; readonly readBy: readonly string[] }>
> = {
  [TOPICS.orders]: {
    key: 'orderId',
    writtenBy: 'upstream order systems',
    readBy: ['reservation', 'fulfillment'],
  },
  [TOPICS.fulfillment]: {
    key: 'orderId',
    writtenBy: 'fulfillment',
    readBy: ['catalog-inventory', 'reservation', 'replenishment'],
  },
  [TOPICS.catalog]: {
    key: 'source code, stock id, SKU or settings scope',
    writtenBy: 'catalog-inventory',
    readBy: ['reservation', 'fulfillment-catalog', 'notification-catalog', 'replenishment-catalog'],
  },
  [TOPICS.reservations]: { key: 'orderId', writtenBy: 'reservation', readBy: ['fulfillment'] },
  [TOPICS.salable]: { key: 'SKU', writtenBy: 'reservation', readBy: ['notification'] },
  [TOPICS.notifications]: { key: 'SKU', writtenBy: 'notification', readBy: [] },
  [TOPICS.replenishment]: {
    key: 'purchaseOrderId',
    writtenBy: 'replenishment',
    readBy: ['catalog-inventory', 'reservation'],
  },
};

export function deadLetterTopicOf(topic: string): string {
  return `${topic}.dlq`;
}

/**
 * Compacted topics that always hold the latest state of every key, so a new consumer (a search
 * index, a storefront cache, a restored service) rebuilds the current state from offset 0 however
 * old it is; the event topics above keep 7 days. No `.dlq` twins: nothing here consumes them.
 */
export const STATE_TOPICS = {
  /** Key `<stockId>:<sku>`: the latest SalableQuantityChanged. */
  salableState: 'inventory.salable-state.v1',
  /** Key `<sku>:<sourceCode>`: the latest source item; an empty value once it is unassigned. */
  sourceItemsState: 'inventory.source-items-state.v1',
} as const;

export const COMPACTED_TOPICS: readonly string[] = Object.values(STATE_TOPICS);
