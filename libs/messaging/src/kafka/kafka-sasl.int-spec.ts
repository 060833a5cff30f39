import { randomUUID } from 'node:crypto';
import { createEvent } from '@inventory/contracts';
import { KafkaTestClient } from '@inventory/testing';
import { Kafka, logLevel } from 'kafkajs';
import { toOutgoingMessage } from '../message-bus';
import { createTopics } from './create-topics';
import { kafkaConnectionFromEnv } from './kafka-options';
import { KafkaPublisher } from './kafka-publisher';

jest.setTimeout(60_000);

/**
 * The test broker also listens with SASL/SCRAM (scripts/test-kafka.sh sets KAFKA_SASL_PORT and the
 * SCRAM user): a client configured from the environment as a service would be gets in with the
 * right password and is refused with a wrong one.
 */
const saslPort = process.env.KAFKA_SASL_PORT;
const user = process.env.KAFKA_SCRAM_USER ?? 'inventory';
const password = process.env.KAFKA_SCRAM_PASSWORD;
if (!saslPort || !password) {
  console.log(
    '[test] SASL/SCRAM suite not run: the broker was not started with KAFKA_SASL_PORT (testcontainers)',
  );
}
const describeWithSasl = saslPort && password ? describe : describe.skip;

describeWithSasl('Kafka over SASL/SCRAM (real broker)', () => {
  const topic = `it-sasl-${randomUUID()}`;
  const client = new KafkaTestClient();

  const kafkaAs = (mechanism: string, secret: string) =>
    new Kafka({
      ...kafkaConnectionFromEnv('it-sasl', {
        KAFKA_BROKERS: `127.0.0.1:${saslPort}`,
        KAFKA_SASL_MECHANISM: mechanism,
        KAFKA_SASL_USERNAME: user,
        KAFKA_SASL_PASSWORD: secret,
      }),
      logLevel: logLevel.NOTHING,
      // Few retries (the idempotent producer needs some): a refused login is not retried anyway.
      retry: { retries: 1, initialRetryTime: 100 },
    });

  const event = (orderId: string) =>
    toOutgoingMessage(createEvent('OrderCanceled', { orderId }, { source: 'order-system' }), orderId);

  beforeAll(async () => {
    await createTopics([topic], { ...process.env, KAFKA_PARTITIONS: '1' });
    await client.watch([topic]);
  });

  afterAll(() => client.close());

  it.each(['scram-sha-256', 'scram-sha-512'])('publishes with the right password (%s)', async (mechanism) => {
    const publisher = new KafkaPublisher(kafkaAs(mechanism, password!));
    const orderId = `sasl-${mechanism}`;
    try {
      await publisher.publish([{ ...event(orderId), topic }]);
    } finally {
      await publisher.disconnect();
    }
    const received = await client.waitForMessage((m) => m.key === orderId, `the ${mechanism} message`);
    expect(received.headers['event-type']).toBe('OrderCanceled');
  });

  it('refuses a client with a wrong password, and nothing it sent arrives', async () => {
    const publisher = new KafkaPublisher(kafkaAs('scram-sha-256', `${password}-wrong`));
    await expect(publisher.publish([{ ...event('sasl-intruder'), topic }])).rejects.toMatchObject({
      name: 'KafkaJSSASLAuthenticationError',
      message: expect.stringContaining('invalid credentials'),
    });
    await publisher.disconnect();
    // A message published after the refused one arrives; the refused one never does.
    const after = new KafkaPublisher(kafkaAs('scram-sha-256', password!));
    await after.publish([{ ...event('sasl-after'), topic }]);
    await after.disconnect();
    await client.waitForMessage((m) => m.key === 'sasl-after', 'the message published after the refusal');
    expect(client.received.map((m) => m.key)).not.toContain('sasl-intruder');
  });
});
