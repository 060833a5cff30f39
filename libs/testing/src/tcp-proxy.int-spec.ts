import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { TcpProxy } from './tcp-proxy';

jest.setTimeout(60_000);

const proxiedPort = Number(process.env.KAFKA_PROXIED_PORT ?? 9097);
const advertisedPort = Number(process.env.KAFKA_PROXIED_ADVERTISED_PORT ?? 9098);
const topic = `proxy-test-${randomUUID().slice(0, 8)}`;

const client = (port: number) =>
  new Kafka({
    clientId: `proxy-test-${port}`,
    brokers: [`127.0.0.1:${port}`],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    requestTimeout: 2_000,
    retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 500 },
  });

/**
 * The faults run's network cut: a client bootstrapped through the proxy in front of the broker's
 * proxied listener keeps every connection through it (the broker advertises the proxy's port on
 * that listener), so a cut isolates that client alone while others go on.
 */
describe('a network cut between one client and the broker (TCP proxy, real Kafka)', () => {
  const proxy = new TcpProxy(advertisedPort, proxiedPort);
  const direct = client(Number(process.env.KAFKA_PORT ?? 9094));
  const cutOff = client(advertisedPort);
  const directProducer = direct.producer();
  const cutOffProducer = cutOff.producer();
  const send = (producer: typeof directProducer) =>
    producer.send({ topic, acks: -1, messages: [{ key: 'k', value: 'v' }] });

  beforeAll(async () => {
    await proxy.restore();
    const admin = direct.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    await admin.disconnect();
    await directProducer.connect();
    await cutOffProducer.connect();
  });

  afterAll(async () => {
    await proxy.restore();
    await Promise.allSettled([directProducer.disconnect(), cutOffProducer.disconnect()]);
    await proxy.cut();
  });

  it('the broker tells a client of the proxied listener to come back through the proxy', async () => {
    const admin = cutOff.admin();
    await admin.connect();
    const { brokers } = await admin.describeCluster();
    await admin.disconnect();
    expect(brokers.map((broker) => broker.port)).toEqual([advertisedPort]);
  });

  it('cut: that client fails, a direct client goes on; restored: it works again', async () => {
    await send(cutOffProducer);
    expect(proxy.connections).toBeGreaterThan(0);

    await proxy.cut();
    await expect(send(cutOffProducer)).rejects.toThrow();
    await expect(send(directProducer)).resolves.toBeDefined();

    await proxy.restore();
    await expect(send(cutOffProducer)).resolves.toBeDefined();
  });
});
