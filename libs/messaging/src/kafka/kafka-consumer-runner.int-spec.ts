import { randomUUID } from 'node:crypto';
import { IntegrationEvent, createEvent, deadLetterTopicOf } from '@inventory/contracts';
import { KafkaTestClient, waitFor } from '@inventory/testing';
import { DLQ_HEADER } from '../consumer/dead-letter';
import { RunningConsumer } from '../consumer/event-subscription';
import { toOutgoingMessage } from '../message-bus';
import { createTopics } from './create-topics';
import { KafkaConsumerRunner } from './kafka-consumer-runner';
import { KafkaPublisher } from './kafka-publisher';
import { TopicNamespace } from './topic-namespace';

jest.setTimeout(90_000);

const canceled = (orderId: string) => createEvent('OrderCanceled', { orderId }, { source: 'order-system' });

/** The kafkajs consumer against the real broker: retries, dead letters and committed offsets. */
describe('KafkaConsumerRunner (real Kafka)', () => {
  const topic = `it-consumer-${randomUUID()}`;
  const dlq = deadLetterTopicOf(topic);
  const groupId = `it-group-${randomUUID()}`;
  const client = new KafkaTestClient();
  const publisher = new KafkaPublisher(client.kafka);
  const runner = new KafkaConsumerRunner(client.kafka, publisher);
  const handled: string[] = [];
  const attempts = new Map<string, number>();
  let consumer: RunningConsumer | undefined;

  const send = (orderId: string) =>
    publisher.publish([{ ...toOutgoingMessage(canceled(orderId), orderId), topic }]);

  const start = () =>
    runner.run({
      groupId,
      topics: [topic],
      maxAttempts: 3,
      handle: async (event: IntegrationEvent) => {
        const orderId = (event.data as { orderId: string }).orderId;
        const attempt = (attempts.get(orderId) ?? 0) + 1;
        attempts.set(orderId, attempt);
        if (orderId === 'broken') throw new Error('handler always fails');
        if (orderId === 'flaky' && attempt < 3) throw new Error(`transient failure ${attempt}`);
        handled.push(orderId);
      },
    });

  beforeAll(async () => {
    // One partition, so the order of handling is the order of publishing.
    await createTopics([topic, dlq], { ...process.env, KAFKA_PARTITIONS: '1' });
    await client.watch([dlq]);
    consumer = await start();
    await waitFor(() => (consumer!.isReady() ? true : undefined), { what: 'the consumer to join its group' });
  });

  afterAll(async () => {
    await consumer?.stop();
    await publisher.disconnect();
    await client.close();
  });

  it('retries a transient failure and dead-letters poison messages while it keeps consuming', async () => {
    await send('first');
    await client.publishRaw(topic, 'garbage-key', 'this is not an event');
    await send('flaky');
    await send('broken');
    await send('last');

    await waitFor(() => (handled.includes('last') ? true : undefined), {
      what: 'the last message to be handled',
    });
    expect(handled).toEqual(['first', 'flaky', 'last']);
    expect(attempts.get('flaky')).toBe(3);
    expect(attempts.get('broken')).toBe(3);

    const garbage = await client.waitForMessage((m) => m.key === 'garbage-key', 'the garbage on the DLQ');
    expect(garbage.value).toBe('this is not an event');
    expect(garbage.headers[DLQ_HEADER.reason]).toBe('invalid_json');
    expect(garbage.headers[DLQ_HEADER.originalTopic]).toBe(topic);
    expect(garbage.headers[DLQ_HEADER.consumerGroup]).toBe(groupId);

    const broken = await client.waitForMessage((m) => m.key === 'broken', 'the failing event on the DLQ');
    expect(broken.headers[DLQ_HEADER.reason]).toBe('handler_failed');
    expect(broken.headers[DLQ_HEADER.error]).toBe('handler always fails');
    expect(broken.headers[DLQ_HEADER.attempts]).toBe('3');
    expect(broken.headers['event-type']).toBe('OrderCanceled');
    expect(JSON.parse(broken.value!).data.orderId).toBe('broken');
  });

  it('commits offsets after the effect: a restarted consumer of the group resumes after them', async () => {
    await consumer!.stop();
    consumer = await start();
    await send('after-restart');
    await waitFor(() => (handled.includes('after-restart') ? true : undefined), {
      what: 'the message after restart',
    });
    expect(handled).toEqual(['first', 'flaky', 'last', 'after-restart']);
  });
});

describe('KafkaConsumerRunner batch consumption (real Kafka)', () => {
  const topic = `it-batch-${randomUUID()}`;
  const dlq = deadLetterTopicOf(topic);
  const client = new KafkaTestClient();
  const publisher = new KafkaPublisher(client.kafka);
  const runner = new KafkaConsumerRunner(client.kafka, publisher);
  const batches: string[][] = [];
  const handled: string[] = [];
  let consumer: RunningConsumer | undefined;

  beforeAll(async () => {
    await createTopics([topic, dlq], { ...process.env, KAFKA_PARTITIONS: '1' });
    await client.watch([dlq]);
  });

  afterAll(async () => {
    await consumer?.stop();
    await publisher.disconnect();
    await client.close();
  });

  it('hands events over in batches and still isolates and dead-letters the bad ones', async () => {
    // Published before the consumer starts, so the first fetch brings many at once.
    const ids = Array.from({ length: 50 }, (_, i) => `order-${i}`);
    const send = (orderIds: string[]) =>
      publisher.publish(orderIds.map((id) => ({ ...toOutgoingMessage(canceled(id), id), topic })));
    await send(ids.slice(0, 20));
    const orderIdOf = (event: IntegrationEvent) => (event.data as { orderId: string }).orderId;
    consumer = await runner.run({
      groupId: `it-batch-group-${randomUUID()}`,
      topics: [topic],
      maxAttempts: 2,
      handleBatch: async (events) => {
        const orderIds = events.map((e) => orderIdOf(e.event));
        if (orderIds.includes('poison')) throw new Error('poison in the batch');
        batches.push(orderIds);
        handled.push(...orderIds);
      },
      handle: async (event) => {
        if (orderIdOf(event) === 'poison') throw new Error('poison alone');
        handled.push(orderIdOf(event));
      },
    });

    await waitFor(() => (handled.length >= 20 ? true : undefined), { what: 'the first 20 events' });
    expect(batches.some((batch) => batch.length > 1)).toBe(true);

    // A bad message and a poison event among good ones: the good ones all get through.
    await client.publishRaw(topic, 'garbage', 'not an event');
    await send(['poison']);
    await send(ids.slice(20));
    await waitFor(() => (handled.length >= 50 ? true : undefined), { what: 'all 50 good events' });
    expect(handled).toEqual(ids);
    const poison = await client.waitForMessage((m) => m.key === 'poison', 'the poison event on the DLQ');
    expect(poison.headers[DLQ_HEADER.reason]).toBe('handler_failed');
    const garbage = await client.waitForMessage((m) => m.key === 'garbage', 'the garbage on the DLQ');
    expect(garbage.headers[DLQ_HEADER.reason]).toBe('invalid_json');
  });
});

describe('KafkaConsumerRunner live view (real Kafka)', () => {
  const topic = `it-live-${randomUUID()}`;
  const dlq = deadLetterTopicOf(topic);
  const groupId = `it-live-group-${randomUUID()}`;
  const client = new KafkaTestClient();
  const publisher = new KafkaPublisher(client.kafka);
  const runner = new KafkaConsumerRunner(client.kafka, publisher);
  const handled: string[] = [];
  let consumer: RunningConsumer | undefined;

  const send = (orderId: string) =>
    publisher.publish([{ ...toOutgoingMessage(canceled(orderId), orderId), topic }]);

  beforeAll(async () => {
    await createTopics([topic, dlq], { ...process.env, KAFKA_PARTITIONS: '1' });
    await client.watch([dlq]);
  });

  afterAll(async () => {
    await consumer?.stop();
    await publisher.disconnect();
    await client.close();
  });

  it('starts at the end, skips a bad message without dead-lettering it, and commits nothing', async () => {
    await send('before-start');
    consumer = await runner.run({
      groupId,
      topics: [topic],
      liveView: true,
      handle: async (event) => {
        handled.push((event.data as { orderId: string }).orderId);
      },
    });
    await waitFor(() => (consumer!.isReady() ? true : undefined), { what: 'the live view to join' });
    await client.publishRaw(topic, 'garbage-live', 'not an event');
    await send('after-start');

    await waitFor(() => (handled.includes('after-start') ? true : undefined), {
      what: 'the event published after the start',
    });
    expect(handled).toEqual(['after-start']);
    // The garbage came before it on the one partition, so a dead letter would already be out.
    await client.publishRaw(dlq, 'marker', 'marker');
    await client.waitForMessage((m) => m.key === 'marker', 'the marker on the DLQ');
    expect(client.received.filter((m) => m.topic === dlq && m.key === 'garbage-live')).toEqual([]);

    const admin = client.kafka.admin();
    await admin.connect();
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    await admin.disconnect();
    expect(offsets.partitions).toEqual([{ partition: 0, offset: '-1', metadata: null }]);
  });
});

describe('KafkaConsumerRunner starting at the end (KAFKA_FROM_BEGINNING=false, real Kafka)', () => {
  const topic = `it-end-${randomUUID()}`;
  const groupId = `it-end-group-${randomUUID()}`;
  const client = new KafkaTestClient();
  const publisher = new KafkaPublisher(client.kafka);
  const runner = new KafkaConsumerRunner(client.kafka, publisher, { fromBeginning: false });
  const handled: string[] = [];
  let consumer: RunningConsumer | undefined;

  // Keys spread over the 6 partitions, most of which the first run never reads from.
  const send = (ids: string[]) =>
    publisher.publish(ids.map((id) => ({ ...toOutgoingMessage(canceled(id), id), topic })));
  const start = async () => {
    consumer = await runner.run({
      groupId,
      topics: [topic],
      handle: async (event) => {
        handled.push((event.data as { orderId: string }).orderId);
      },
    });
    await waitFor(() => (consumer!.isReady() ? true : undefined), { what: 'the consumer to join' });
  };

  beforeAll(() => createTopics([topic, deadLetterTopicOf(topic)], { ...process.env, KAFKA_PARTITIONS: '6' }));

  afterAll(async () => {
    await consumer?.stop();
    await publisher.disconnect();
    await client.close();
  });

  it('skips what came before the first start, and nothing that came while it was stopped', async () => {
    await send(['before-1', 'before-2', 'before-3']);
    await start();
    await send(['first-run']);
    await waitFor(() => (handled.includes('first-run') ? true : undefined), { what: 'the first run' });
    await consumer!.stop();

    const whileDown = Array.from({ length: 12 }, (_, i) => `while-down-${i}`);
    await send(whileDown);
    await start();
    await waitFor(() => (handled.length === 1 + whileDown.length ? true : undefined), {
      what: 'every message sent while it was stopped',
    });
    expect([...handled].sort()).toEqual(['first-run', ...whileDown].sort());
  });
});

describe('KafkaConsumerRunner starting at the end with two instances at once (real Kafka)', () => {
  const topics = [`it-end-a-${randomUUID()}`, `it-end-b-${randomUUID()}`];
  const groupId = `it-end-pair-${randomUUID()}`;
  const client = new KafkaTestClient();
  const publisher = new KafkaPublisher(client.kafka);
  const handled: string[] = [];
  let instances: RunningConsumer[] = [];
  const topicName = (topic: string) => (topic === topics[0] ? 'a' : 'b');

  const send = (ids: string[]) =>
    publisher.publish(
      topics.flatMap((topic) =>
        ids.map((id) => ({ ...toOutgoingMessage(canceled(`${topicName(topic)}-${id}`), id), topic })),
      ),
    );
  // Each instance its own runner (its own admin client), as two processes of a service would be.
  const start = (count: number) =>
    Promise.all(
      Array.from({ length: count }, async () => {
        const consumer = await new KafkaConsumerRunner(client.kafka, publisher, { fromBeginning: false }).run(
          {
            groupId,
            topics,
            handle: async (event) => {
              handled.push((event.data as { orderId: string }).orderId);
            },
          },
        );
        await waitFor(() => (consumer.isReady() ? true : undefined), { what: 'the consumer to join' });
        return consumer;
      }),
    );

  beforeAll(() =>
    createTopics(
      topics.flatMap((topic) => [topic, deadLetterTopicOf(topic)]),
      { ...process.env, KAFKA_PARTITIONS: '6' },
    ),
  );

  afterAll(async () => {
    await Promise.all(instances.map((consumer) => consumer.stop()));
    await publisher.disconnect();
    await client.close();
  });

  it('pins the end of every partition of every topic once, so a restart skips nothing sent while down', async () => {
    // Keys over the 6 partitions of both topics; most get nothing while the two instances run.
    await send(['before-1', 'before-2', 'before-3']);
    instances = await start(2);
    await send(['first-run']);
    await waitFor(() => (handled.length === topics.length ? true : undefined), { what: 'the first run' });
    await Promise.all(instances.map((consumer) => consumer.stop()));

    const whileDown = Array.from({ length: 12 }, (_, i) => `while-down-${i}`);
    await send(whileDown);
    instances = await start(1);
    const expected = topics.flatMap((topic) =>
      ['first-run', ...whileDown].map((id) => `${topicName(topic)}-${id}`),
    );
    await waitFor(() => (handled.length >= expected.length ? true : undefined), {
      what: 'every message sent while both were stopped',
      timeoutMs: 20_000,
    }).catch(() => undefined);
    expect([...handled].sort()).toEqual(expected.sort());
  });
});

describe('KafkaConsumerRunner: a member retrying through an outage lets the group rebalance (real Kafka)', () => {
  const topic = `it-outage-${randomUUID()}`;
  const groupId = `it-outage-group-${randomUUID()}`;
  const client = new KafkaTestClient();
  const publisher = new KafkaPublisher(client.kafka);
  const runner = new KafkaConsumerRunner(client.kafka, publisher);
  let databaseAway = true;
  const attempts: string[] = [];
  const handled: string[] = [];
  const consumers: RunningConsumer[] = [];

  const start = async () => {
    const consumer = await runner.run({
      groupId,
      topics: [topic],
      handle: async (event) => {
        const orderId = (event.data as { orderId: string }).orderId;
        attempts.push(orderId);
        // What node-postgres throws while the server is away: retried for as long as it lasts.
        if (databaseAway)
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        handled.push(orderId);
      },
    });
    consumers.push(consumer);
    return consumer;
  };

  beforeAll(() => createTopics([topic, deadLetterTopicOf(topic)], { ...process.env, KAFKA_PARTITIONS: '6' }));

  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.stop()));
    await publisher.disconnect();
    await client.close();
  });

  it('lets a second instance join at once, instead of after the rebalance timeout (60 s)', async () => {
    const first = await start();
    await waitFor(() => (first.isReady() ? true : undefined), { what: 'the first instance to join' });
    await publisher.publish([{ ...toOutgoingMessage(canceled('during-outage'), 'during-outage'), topic }]);
    await waitFor(() => (attempts.length >= 2 ? true : undefined), { what: 'the first retries' });

    // The join waits for every member: the one in its retry loop must notice and rejoin.
    const joinedOrLate = Promise.race([
      start(),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('the second instance did not join within 20 s')), 20_000).unref(),
      ),
    ]);
    const second = await joinedOrLate;
    await waitFor(() => (second.isReady() && first.isReady() ? true : undefined), {
      what: 'both instances in the group while the database is still away',
    });
    expect(handled).toEqual([]);

    databaseAway = false;
    await waitFor(() => (handled.includes('during-outage') ? true : undefined), {
      what: 'the message handled once the database is back',
      timeoutMs: 20_000,
    });
    expect(handled).toEqual(['during-outage']);
  });
});

describe('KafkaConsumerRunner in a topic namespace (real Kafka)', () => {
  // Two systems on one broker, each under its KAFKA_TOPIC_PREFIX, with the same contract topic.
  const topic = `it-namespaced-${randomUUID()}`;
  const [blue, green] = [`it-blue-${randomUUID().slice(0, 8)}.`, `it-green-${randomUUID().slice(0, 8)}.`].map(
    (prefix) => new TopicNamespace(prefix),
  );
  const client = new KafkaTestClient();
  const consumers: RunningConsumer[] = [];
  const publishers: KafkaPublisher[] = [];
  const seen = { blue: [] as string[], green: [] as string[] };

  const system = async (namespace: TopicNamespace, handled: string[]) => {
    await createTopics([topic, deadLetterTopicOf(topic)], {
      ...process.env,
      KAFKA_PARTITIONS: '1',
      KAFKA_TOPIC_PREFIX: namespace.prefix,
    });
    const publisher = new KafkaPublisher(client.kafka, namespace);
    publishers.push(publisher);
    const runner = new KafkaConsumerRunner(client.kafka, publisher, { namespace });
    const consumer = await runner.run({
      groupId: `it-namespaced-${randomUUID()}`,
      topics: [topic],
      maxAttempts: 1,
      handle: async (event: IntegrationEvent, position) => {
        const orderId = (event.data as { orderId: string }).orderId;
        if (orderId.endsWith('poison')) throw new Error('refused');
        handled.push(`${position.topic}:${orderId}`);
      },
    });
    consumers.push(consumer);
    await waitFor(() => (consumer.isReady() ? true : undefined), { what: 'the consumer to join its group' });
    return publisher;
  };

  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.stop()));
    await Promise.all(publishers.map((publisher) => publisher.disconnect()));
    await client.close();
  });

  it('each system reads only its own messages, under the contract name, and dead-letters into its own DLQ', async () => {
    const bluePublisher = await system(blue, seen.blue);
    const greenPublisher = await system(green, seen.green);
    const send = (publisher: KafkaPublisher, orderId: string) =>
      publisher.publish([{ ...toOutgoingMessage(canceled(orderId), orderId), topic }]);
    await send(bluePublisher, 'blue-1');
    await send(greenPublisher, 'green-1');
    await send(bluePublisher, 'blue-poison');
    await waitFor(() => (seen.blue.length && seen.green.length ? true : undefined), { what: 'both handled' });

    expect(seen.blue).toEqual([`${topic}:blue-1`]);
    expect(seen.green).toEqual([`${topic}:green-1`]);
    // The blue poison lands on blue's DLQ, its header naming the contract topic; green's stays empty.
    const letters = new KafkaTestClient({ topicPrefix: blue.prefix });
    try {
      await letters.watch([deadLetterTopicOf(topic)]);
      const letter = await letters.waitForMessage((m) => m.key === 'blue-poison', 'the poison on blue.dlq');
      expect(letter.topic).toBe(deadLetterTopicOf(topic));
      expect(letter.headers[DLQ_HEADER.originalTopic]).toBe(topic);
    } finally {
      await letters.close();
    }
    const greenEnds = client.kafka.admin();
    await greenEnds.connect();
    const offsets = await greenEnds.fetchTopicOffsets(green.physical(deadLetterTopicOf(topic)));
    await greenEnds.disconnect();
    expect(offsets.map((end) => end.high)).toEqual(['0']);
  });
});
