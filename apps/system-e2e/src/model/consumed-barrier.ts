import { TOPICS } from '@inventory/contracts';
import { waitFor } from '@inventory/testing';
import { Admin, Kafka } from 'kafkajs';

/** The durable consumer groups of each topic (the live views commit nothing and do not count). */
const GROUPS_OF: Record<string, readonly string[]> = {
  [TOPICS.orders]: ['reservation', 'fulfillment'],
  [TOPICS.catalog]: ['reservation', 'fulfillment-catalog', 'notification-catalog'],
  [TOPICS.fulfillment]: ['reservation', 'catalog-inventory'],
};

export interface MessagePosition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/**
 * Waits until every consumer group of the running services has committed past a message: each
 * commits after handling, so from then on what the message changes is recorded everywhere.
 */
export class ConsumedBarrier {
  private admin?: Admin;

  constructor(
    private readonly kafka: Kafka,
    /** The groups' suffix in this run (KAFKA_GROUP_SUFFIX of the services). */
    private readonly groupSuffix: string,
  ) {}

  async passed({ topic, partition, offset }: MessagePosition): Promise<void> {
    if (!this.admin) {
      this.admin = this.kafka.admin();
      await this.admin.connect();
    }
    const admin = this.admin;
    const after = BigInt(offset);
    for (const group of GROUPS_OF[topic] ?? []) {
      await waitFor(
        async () => {
          const [committed] = await admin.fetchOffsets({
            groupId: `${group}${this.groupSuffix}`,
            topics: [topic],
          });
          const at = committed?.partitions.find((p) => p.partition === partition)?.offset ?? '-1';
          return BigInt(at) > after ? true : undefined;
        },
        { what: `${group} past ${topic}[${partition}]@${offset}`, timeoutMs: 20_000, intervalMs: 50 },
      );
    }
  }

  async close(): Promise<void> {
    await this.admin?.disconnect();
  }
}
