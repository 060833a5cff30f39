import { DLQ_HEADER, deadLetterMessage, redriveMessage, toDeadLetterView } from './dead-letter';

describe('a dead letter, there and back', () => {
  const original = {
    'event-id': 'e-1',
    'event-type': 'OrderPlaced',
    'correlation-id': 'c-1',
  };
  const outgoing = deadLetterMessage({
    position: { topic: 'orders.v1', partition: 2, offset: '41', key: 'order-1' },
    value: Buffer.from('{"not":"valid"}'),
    headers: original,
    groupId: 'reservation',
    reason: 'invalid_data',
    error: 'data.items must be an array',
    attempts: 1,
    failedAt: new Date('2026-11-27T10:00:00Z'),
  });
  const stored = {
    partition: 0,
    offset: '7',
    key: outgoing.key,
    value: outgoing.value,
    headers: outgoing.headers,
  };

  it('shows ops where it failed, which group, why, and where it sits on the DLQ', () => {
    expect(outgoing.topic).toBe('orders.v1.dlq');
    expect(toDeadLetterView(stored)).toEqual({
      topic: 'orders.v1',
      partition: 0,
      offset: '7',
      key: 'order-1',
      eventId: 'e-1',
      eventType: 'OrderPlaced',
      consumerGroup: 'reservation',
      reason: 'invalid_data',
      error: 'data.items must be an array',
      attempts: 1,
      failedAt: '2026-11-27T10:00:00.000Z',
      originalPartition: 2,
      originalOffset: '41',
      value: '{"not":"valid"}',
    });
  });

  it('is re-driven as it was published: same topic, key, bytes and headers, none of the DLQ’s', () => {
    expect(redriveMessage(stored)).toEqual({
      topic: 'orders.v1',
      key: 'order-1',
      value: '{"not":"valid"}',
      headers: original,
    });
    expect(Object.keys(redriveMessage(stored).headers)).not.toContain(DLQ_HEADER.reason);
  });

  it('cuts a huge value for the view, not for the re-drive', () => {
    const huge = { ...stored, value: 'x'.repeat(10_000) };
    expect(toDeadLetterView(huge).value).toHaveLength(4000);
    expect(redriveMessage(huge).value).toHaveLength(10_000);
  });
});
