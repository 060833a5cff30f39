import { Admin, Kafka } from 'kafkajs';
import { LazyKafkaAdmin } from './lazy-kafka-admin';

/** A kafkajs stand-in counting admin clients; `failConnects` connects refuse before one succeeds. */
function fakeKafka(failConnects = 0) {
  const made: { connect: jest.Mock; disconnect: jest.Mock }[] = [];
  let refusals = failConnects;
  const kafka = {
    admin: () => {
      const admin = {
        connect: jest.fn(async () => {
          if (refusals-- > 0) throw new Error('broker away');
        }),
        disconnect: jest.fn(async () => undefined),
      };
      made.push(admin);
      return admin as unknown as Admin;
    },
  } as Pick<Kafka, 'admin'>;
  return { kafka, made };
}

describe('LazyKafkaAdmin', () => {
  it('connects once and hands the same client to every caller', async () => {
    const { kafka, made } = fakeKafka();
    const admin = new LazyKafkaAdmin(kafka);
    const [first, second] = await Promise.all([admin.get(), admin.get()]);
    expect(first).toBe(second);
    expect(made).toHaveLength(1);
    expect(made[0].connect).toHaveBeenCalledTimes(1);
  });

  it('forgets a failed connect, so the next call connects a new client', async () => {
    const { kafka, made } = fakeKafka(1);
    const admin = new LazyKafkaAdmin(kafka);
    await expect(admin.get()).rejects.toThrow('broker away');
    await expect(admin.get()).resolves.toBeDefined();
    expect(made).toHaveLength(2);
  });

  it('drop disconnects the client and the next call connects again', async () => {
    const { kafka, made } = fakeKafka();
    const admin = new LazyKafkaAdmin(kafka);
    await admin.get();
    await admin.drop();
    expect(made[0].disconnect).toHaveBeenCalledTimes(1);
    await admin.get();
    expect(made).toHaveLength(2);
  });

  it('drop of a client that never connected neither throws nor connects', async () => {
    const { kafka, made } = fakeKafka(1);
    const admin = new LazyKafkaAdmin(kafka);
    await admin.drop();
    expect(made).toHaveLength(0);
    await admin.get().catch(() => undefined);
    await expect(admin.drop()).resolves.toBeUndefined();
  });
});
