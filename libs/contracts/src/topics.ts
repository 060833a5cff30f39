/** Kafka topics of DESIGN.md section 3. Each has a `<topic>.dlq` twin for poison messages. */
export const TOPICS = {
  orders: 'orders.v1',
  fulfillment: 'fulfillment.v1',
  catalog: 'inventory.catalog.v1',
  reservations: 'inventory.reservations.v1',
  salable: 'inventory.salable.v1',
  notifications: 'notifications.v1',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

export const ALL_TOPICS: readonly Topic[] = Object.values(TOPICS);

export function deadLetterTopicOf(topic: string): string {
  return `${topic}.dlq`;
}
