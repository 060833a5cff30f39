import { randomUUID } from 'node:crypto';
import { EventOf, IntegrationEvent, TOPICS } from '@inventory/contracts';
import { Consumer, Kafka, logLevel } from 'kafkajs';

/**
 * What the model check reads from Kafka, indexed as it arrives (the test broker also carries every
 * other suite's events, so only this run's are kept): each order's reservation outcome and the
 * units given back to it, and the catalog's SourceItemsSaved per SKU (to deliver old ones again).
 */
export class EventIndex {
  readonly decisions = new Map<string, 'reserved' | 'rejected'>();
  readonly released = new Map<string, number>();
  readonly sourceItemsSaved = new Map<string, EventOf<'SourceItemsSaved'>[]>();
  /** The last catalog message per key, wherever it landed (stocks are keyed by their id). */
  readonly lastCatalogMessage = new Map<string, { partition: number; offset: string }>();
  private consumer?: Consumer;

  constructor(
    private readonly kafka: Kafka,
    /** Order ids and SKUs of this run start with it. */
    private readonly prefix: string,
  ) {}

  static client(): Kafka {
    return new Kafka({
      clientId: `model-${randomUUID()}`,
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      logLevel: logLevel.NOTHING,
    });
  }

  async start(): Promise<void> {
    this.consumer = this.kafka.consumer({ groupId: `model-check-${randomUUID()}` });
    const joined = new Promise<void>((resolve) =>
      this.consumer!.on(this.consumer!.events.GROUP_JOIN, () => resolve()),
    );
    await this.consumer.connect();
    // From the end: this run's events come after it joined.
    await this.consumer.subscribe({ topics: [TOPICS.reservations, TOPICS.catalog], fromBeginning: false });
    await this.consumer.run({
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          const key = message.key?.toString() ?? '';
          if (batch.topic === TOPICS.catalog)
            this.lastCatalogMessage.set(key, { partition: batch.partition, offset: message.offset });
          if (!key.startsWith(this.prefix) || !message.value) continue;
          this.add(JSON.parse(message.value.toString()) as IntegrationEvent);
        }
      },
    });
    await joined;
  }

  private add(event: IntegrationEvent): void {
    switch (event.type) {
      case 'OrderReservationPlaced':
        this.decisions.set(event.data.orderId, 'reserved');
        return;
      case 'OrderReservationRejected':
        this.decisions.set(event.data.orderId, 'rejected');
        return;
      case 'ReservationCompensated':
        if (event.data.reason !== 'audit')
          this.released.set(
            event.data.orderId,
            (this.released.get(event.data.orderId) ?? 0) + event.data.qty,
          );
        return;
      case 'SourceItemsSaved':
        this.sourceItemsSaved.set(event.data.sku, [
          ...(this.sourceItemsSaved.get(event.data.sku) ?? []),
          event,
        ]);
        return;
      default:
        return;
    }
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
