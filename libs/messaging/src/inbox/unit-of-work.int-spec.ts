import { randomUUID } from 'node:crypto';
import { TOPICS, createEvent } from '@inventory/contracts';
import { KafkaTestClient, testTopicPrefix } from '@inventory/testing';
import { DataSource } from 'typeorm';
import { KafkaPublisher } from '../kafka/kafka-publisher';
import { TopicNamespace } from '../kafka/topic-namespace';
import { MessagePublisher } from '../message-bus';
import { messagingDatabase } from '../testing/messaging-database';
import { OutboxMessageTooLargeError } from '../outbox/outbox';
import { OutboxRelay } from '../outbox/outbox-relay';
import { UnitOfWork } from './unit-of-work';

jest.setTimeout(90_000);

const canceled = (orderId: string) => createEvent('OrderCanceled', { orderId }, { source: 'it' });

/** Inbox and outbox against real PostgreSQL, relayed to the real broker. */
describe('UnitOfWork and OutboxRelay (real PostgreSQL and Kafka)', () => {
  // Topics of this file's own, so the events it relays reach no other test's consumers.
  const client = new KafkaTestClient({ topicPrefix: testTopicPrefix() });
  const publisher = new KafkaPublisher(client.kafka, new TopicNamespace(testTopicPrefix()));
  let dataSource: DataSource;
  let relay: OutboxRelay;
  let unitOfWork: UnitOfWork;

  const effects = async () =>
    (await dataSource.query(`SELECT count(*)::int AS n FROM effects`))[0].n as number;
  const unpublished = async () =>
    (await dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`))[0]
      .n as number;

  beforeAll(async () => {
    dataSource = await messagingDatabase('inventory_messaging_it');
    await dataSource.query(`CREATE TABLE effects (id serial PRIMARY KEY, note text)`);
    relay = new OutboxRelay(dataSource, publisher);
    unitOfWork = new UnitOfWork(dataSource, relay);
    await client.watch([TOPICS.orders]);
  });

  afterAll(async () => {
    await relay.stop();
    await publisher.disconnect();
    await client.close();
    await dataSource.destroy();
  });

  it('applies an event once however often it is delivered, even concurrently', async () => {
    const event = canceled(`o-${randomUUID()}`);
    const before = await effects();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        unitOfWork.runOnce('it-consumer', event, ({ tx }) =>
          tx.query(`INSERT INTO effects (note) VALUES ('x')`),
        ),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await effects()).toBe(before + 1);
    // Another consumer of the same event is another inbox entry.
    await expect(unitOfWork.runOnce('other-consumer', event, async () => undefined)).resolves.toBe(true);
  });

  it('writes nothing, neither state nor outbox nor inbox, when the work fails', async () => {
    const event = canceled(`o-${randomUUID()}`);
    const before = await effects();
    await expect(
      unitOfWork.runOnce('it-consumer', event, async ({ tx, publish }) => {
        await tx.query(`INSERT INTO effects (note) VALUES ('doomed')`);
        publish({ event: canceled('never-published'), key: 'never-published' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await effects()).toBe(before);
    expect(await dataSource.query(`SELECT 1 FROM outbox WHERE message_key = 'never-published'`)).toEqual([]);
    // The failed attempt did not mark the event processed: a retry applies it.
    await expect(unitOfWork.runOnce('it-consumer', event, async () => undefined)).resolves.toBe(true);
  });

  it('applies a batch in one transaction, each event once, in the order given', async () => {
    const [first, second, third] = [1, 2, 3].map(() => canceled(`o-${randomUUID()}`));
    await unitOfWork.runOnce('it-batch', second, async () => undefined); // applied before
    const upperCased = { ...third, eventId: third.eventId.toUpperCase() };
    const notes: string[] = [];
    const item = (event: typeof first, note: string) => ({
      event,
      work: async ({ tx }: { tx: DataSource['manager'] }) => {
        notes.push(note);
        await tx.query(`INSERT INTO effects (note) VALUES ($1)`, [note]);
      },
    });
    const before = await effects();
    const applied = await unitOfWork.runEachOnce('it-batch', [
      item(first, 'first'),
      item(second, 'second'),
      item(first, 'first again'),
      item(upperCased, 'third'),
    ]);
    expect(applied).toBe(2);
    expect(notes).toEqual(['first', 'third']);
    expect(await effects()).toBe(before + 2);
    // Delivered again, the whole batch is a no-op.
    expect(await unitOfWork.runEachOnce('it-batch', [item(first, 'x'), item(third, 'y')])).toBe(0);
  });

  it('keeps nothing of a batch, neither effects nor inbox marks, when one event fails', async () => {
    const [first, second] = [1, 2].map(() => canceled(`o-${randomUUID()}`));
    const before = await effects();
    await expect(
      unitOfWork.runEachOnce('it-batch', [
        { event: first, work: ({ tx }) => tx.query(`INSERT INTO effects (note) VALUES ('kept?')`) },
        { event: second, work: async () => Promise.reject(new Error('bad event')) },
      ]),
    ).rejects.toThrow('bad event');
    expect(await effects()).toBe(before);
    await expect(unitOfWork.runOnce('it-batch', first, async () => undefined)).resolves.toBe(true);
  });

  it('relays committed events to Kafka in order and marks them published', async () => {
    const orderId = `o-${randomUUID()}`;
    const events = [1, 2, 3].map(() => canceled(orderId));
    await unitOfWork.run(async ({ publish }) => events.forEach((event) => publish({ event, key: orderId })));
    expect(await relay.relayPending()).toBeGreaterThanOrEqual(3);
    expect(await unpublished()).toBe(0);

    await client.waitForMessage(
      (m) => m.key === orderId && (m.json as { eventId: string }).eventId === events[2].eventId,
      'the third event',
    );
    const received = client.received
      .filter((m) => m.key === orderId)
      .map((m) => (m.json as { eventId: string }).eventId);
    expect(received).toEqual(events.map((event) => event.eventId));
  });

  it('keeps rows when the broker refuses them and publishes them on the next pass', async () => {
    const failing: MessagePublisher = {
      publish: async () => Promise.reject(new Error('broker unavailable')),
    };
    const failingRelay = new OutboxRelay(dataSource, failing);
    const orderId = `o-${randomUUID()}`;
    await unitOfWork.run(async ({ publish }) => publish({ event: canceled(orderId), key: orderId }));
    await expect(failingRelay.relayPending()).rejects.toThrow('broker unavailable');
    expect(await unpublished()).toBe(1);
    await relay.relayPending();
    expect(await unpublished()).toBe(0);
    await client.waitForMessage((m) => m.key === orderId, 'the event after the broker came back');
  });

  it('parks a row the broker refuses for good and publishes the rows behind it', async () => {
    const orderId = `o-${randomUUID()}`;
    const [first, second] = [canceled(orderId), canceled(orderId)];
    await unitOfWork.run(async ({ publish }) => publish({ event: first, key: orderId }));
    // A row written before rows were size-checked, larger than the broker takes (1 MiB).
    const huge = canceled(orderId);
    await dataSource.query(
      `INSERT INTO outbox (event_id, event_type, topic, message_key, payload, headers)
       VALUES ($1, 'OrderCanceled', 'orders.v1', $2, $3, '{}')`,
      [huge.eventId, orderId, JSON.stringify({ ...huge, padding: 'x'.repeat(1_500_000) })],
    );
    await unitOfWork.run(async ({ publish }) => publish({ event: second, key: orderId }));
    await relay.relayPending();
    expect(await unpublished()).toBe(1);
    const [parked] = await dataSource.query(`SELECT parked_at, error FROM outbox WHERE event_id = $1`, [
      huge.eventId,
    ]);
    expect(parked.parked_at).not.toBeNull();
    expect(parked.error).toMatch(/larger than the max message size/);
    await client.waitForMessage(
      (m) => (m.json as { eventId?: string })?.eventId === second.eventId,
      'the row behind it',
    );
    // The next pass does not try it again.
    expect(await relay.relayPending()).toBe(0);
  });

  it('refuses, when written, an event larger than the broker takes: nothing of the change is stored', async () => {
    const before = await effects();
    const big = createEvent(
      'OrderPlaced',
      {
        orderId: `o-${randomUUID()}`,
        salesChannel: 'base',
        items: Array.from({ length: 30_000 }, (_, i) => ({ sku: `SKU-${i}-${'x'.repeat(20)}`, qty: 1 })),
        placedAt: new Date().toISOString(),
      },
      { source: 'it' },
    );
    await expect(
      unitOfWork.run(async ({ tx, publish }) => {
        await tx.query(`INSERT INTO effects (note) VALUES ('with a huge event')`);
        publish({ event: big, key: big.data.orderId });
      }),
    ).rejects.toBeInstanceOf(OutboxMessageTooLargeError);
    expect(await effects()).toBe(before);
  });
});
