import { randomUUID } from 'node:crypto';
import { TOPICS, createEvent } from '@inventory/contracts';
import { KafkaTestClient, createTestTopics, testTopicPrefix, waitFor } from '@inventory/testing';
import { DataSource } from 'typeorm';
import { RunningConsumer } from './consumer/event-subscription';
import { UnitOfWork } from './inbox/unit-of-work';
import { KafkaConsumerRunner } from './kafka/kafka-consumer-runner';
import { KafkaPublisher } from './kafka/kafka-publisher';
import { TopicNamespace } from './kafka/topic-namespace';
import { MessagePublisher } from './message-bus';
import { messagingDatabase } from './testing/messaging-database';
import { OutboxRelay } from './outbox/outbox-relay';

jest.setTimeout(120_000);

/**
 * At-least-once delivery plus idempotent consumers gives each effect exactly once: a relay that
 * dies between publishing and marking re-publishes, and a consumer group replayed from offset 0
 * sees everything again; neither applies anything twice. Real PostgreSQL and Kafka.
 */
describe('exactly-once effects over at-least-once delivery', () => {
  // Topics of this file's own: a replay from offset 0 reads only what this file published.
  const topics = new TopicNamespace(testTopicPrefix());
  const client = new KafkaTestClient({ topicPrefix: topics.prefix });
  const publisher = new KafkaPublisher(client.kafka, topics);
  const runner = new KafkaConsumerRunner(client.kafka, publisher, { namespace: topics });
  const groupId = `it-exactly-once-${randomUUID()}`;
  const prefix = `eo-${randomUUID()}`;
  const deliveries: string[] = [];
  let dataSource: DataSource;
  let unitOfWork: UnitOfWork;
  let consumer: RunningConsumer | undefined;

  const effects = async () =>
    (await dataSource.query(`SELECT order_id FROM effects ORDER BY order_id`)).map(
      (r: { order_id: string }) => r.order_id,
    );

  const startConsumer = () =>
    runner.run({
      groupId,
      topics: [TOPICS.orders],
      handle: async (event) => {
        const orderId = (event.data as { orderId: string }).orderId;
        if (!orderId.startsWith(prefix)) return;
        deliveries.push(orderId);
        await unitOfWork.runOnce(groupId, event, ({ tx }) =>
          tx.query(`INSERT INTO effects (order_id) VALUES ($1)`, [orderId]),
        );
      },
    });

  beforeAll(async () => {
    await createTestTopics();
    dataSource = await messagingDatabase('inventory_messaging_eo_it');
    await dataSource.query(`CREATE TABLE effects (order_id text NOT NULL)`);
    unitOfWork = new UnitOfWork(dataSource, new OutboxRelay(dataSource, publisher));
  });

  afterAll(async () => {
    await consumer?.stop();
    await publisher.disconnect();
    await client.close();
    await dataSource.destroy();
  });

  it('re-publishes after a relay dies between publish and mark, and the consumer applies each event once', async () => {
    const orderIds = [1, 2, 3].map((n) => `${prefix}-${n}`);
    await unitOfWork.run(async ({ publish }) => {
      for (const orderId of orderIds)
        publish({ event: createEvent('OrderCanceled', { orderId }, { source: 'it' }), key: orderId });
    });

    // Publishes, then "dies" before it can mark the rows as sent.
    const dying: MessagePublisher = {
      publish: async (messages) => {
        await publisher.publish(messages);
        throw new Error('relay process killed');
      },
    };
    await expect(new OutboxRelay(dataSource, dying).relayPending()).rejects.toThrow('relay process killed');
    // The next relay (after the restart) sends the same rows again.
    expect(await new OutboxRelay(dataSource, publisher).relayPending()).toBeGreaterThanOrEqual(3);

    consumer = await startConsumer();
    await waitFor(() => (deliveries.length >= 6 ? true : undefined), {
      what: 'both copies of the three events',
    });
    expect(deliveries.sort()).toEqual([...orderIds, ...orderIds].sort());
    expect(await effects()).toEqual(orderIds);
  });

  it('applies nothing twice when the group is replayed from offset 0', async () => {
    await consumer!.stop();
    consumer = undefined;
    const admin = client.kafka.admin();
    await admin.connect();
    await admin.resetOffsets({ groupId, topic: topics.physical(TOPICS.orders), earliest: true });
    await admin.disconnect();

    deliveries.length = 0;
    consumer = await startConsumer();
    await waitFor(() => (deliveries.length >= 6 ? true : undefined), {
      what: 'the replay to reach our events',
    });
    expect(await effects()).toEqual([1, 2, 3].map((n) => `${prefix}-${n}`));
  });
});
