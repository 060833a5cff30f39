import { topicSpecs } from './create-topics';

describe('topicSpecs', () => {
  it('takes partitions, replication and min.insync.replicas from the environment; compacts state topics', () => {
    const env = { KAFKA_PARTITIONS: '12', KAFKA_REPLICATION_FACTOR: '3', KAFKA_MIN_INSYNC_REPLICAS: '2' };
    expect(
      topicSpecs(['orders.v1', 'inventory.salable-state.v1'], env, ['inventory.salable-state.v1']),
    ).toEqual([
      {
        topic: 'orders.v1',
        numPartitions: 12,
        replicationFactor: 3,
        configEntries: [{ name: 'min.insync.replicas', value: '2' }],
      },
      {
        topic: 'inventory.salable-state.v1',
        numPartitions: 12,
        replicationFactor: 3,
        configEntries: [
          { name: 'min.insync.replicas', value: '2' },
          { name: 'cleanup.policy', value: 'compact' },
        ],
      },
    ]);
  });

  it('defaults to one copy on one broker', () => {
    expect(topicSpecs(['orders.v1'], {})[0]).toMatchObject({ numPartitions: 6, replicationFactor: 1 });
  });

  it('refuses a replication it cannot mean, naming the variable', () => {
    expect(() => topicSpecs(['t'], { KAFKA_REPLICATION_FACTOR: '0' })).toThrow(/KAFKA_REPLICATION_FACTOR/);
    expect(() =>
      topicSpecs(['t'], { KAFKA_REPLICATION_FACTOR: '2', KAFKA_MIN_INSYNC_REPLICAS: '3' }),
    ).toThrow(/KAFKA_MIN_INSYNC_REPLICAS must be a whole number from 1 to KAFKA_REPLICATION_FACTOR \(2\)/);
  });
});
