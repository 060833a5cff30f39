import { TopicNamespace, topicNamespaceFromEnv } from './topic-namespace';

describe('TopicNamespace', () => {
  it('puts contract topics behind the prefix and takes it off again', () => {
    const namespace = new TopicNamespace('staging.');
    expect(namespace.physical('orders.v1')).toBe('staging.orders.v1');
    expect(namespace.logical('staging.orders.v1')).toBe('orders.v1');
    expect(namespace.logical(namespace.physical('orders.v1.dlq'))).toBe('orders.v1.dlq');
  });

  it('leaves names alone without a prefix, and names outside it', () => {
    expect(TopicNamespace.NONE.physical('orders.v1')).toBe('orders.v1');
    expect(new TopicNamespace('it-1.').logical('orders.v1')).toBe('orders.v1');
  });

  it('comes from KAFKA_TOPIC_PREFIX, and refuses one the broker could not name a topic with', () => {
    expect(topicNamespaceFromEnv({}).prefix).toBe('');
    expect(topicNamespaceFromEnv({ KAFKA_TOPIC_PREFIX: 'demo-' }).physical('orders.v1')).toBe(
      'demo-orders.v1',
    );
    expect(() => topicNamespaceFromEnv({ KAFKA_TOPIC_PREFIX: 'a/b' })).toThrow(/KAFKA_TOPIC_PREFIX/);
  });
});
