import { IntegrationEvent, createEvent } from '@inventory/contracts';
import { DeadLetter } from './dead-letter';
import { EventSubscription, PositionedEvent } from './event-subscription';
import { processBatch } from './process-batch';
import { ReceivedMessage } from './process-message';

const canceled = (orderId: string) => createEvent('OrderCanceled', { orderId }, { source: 'order-system' });

const message = (value: string, offset: number): ReceivedMessage => ({
  position: { topic: 'orders.v1', partition: 0, offset: String(offset), key: null },
  value: Buffer.from(value),
  headers: {},
});

const orderIdOf = (event: IntegrationEvent) => (event.data as { orderId: string }).orderId;

function harness(handleBatch: (events: readonly PositionedEvent[]) => Promise<void>) {
  const letters: DeadLetter[] = [];
  const single: string[] = [];
  const subscription: EventSubscription & { handleBatch: typeof handleBatch } = {
    groupId: 'reservation',
    topics: ['orders.v1'],
    maxAttempts: 2,
    handleBatch,
    handle: async (event) => {
      if (orderIdOf(event) === 'poison') throw new Error('cannot apply poison');
      single.push(orderIdOf(event));
    },
  };
  const deps = {
    sendToDeadLetter: async (letter: DeadLetter) => void letters.push(letter),
    wait: async () => undefined,
  };
  return {
    letters,
    single,
    run: (messages: ReceivedMessage[]) => processBatch(messages, subscription, deps),
  };
}

describe('processBatch', () => {
  it('hands every valid event of the batch over in one call, in order', async () => {
    const calls: string[][] = [];
    const { letters, run } = harness(
      async (events) => void calls.push(events.map((e) => orderIdOf(e.event))),
    );
    const outcome = await run(['a', 'b', 'c'].map((id, i) => message(JSON.stringify(canceled(id)), i)));
    expect(outcome).toBe('batch');
    expect(calls).toEqual([['a', 'b', 'c']]);
    expect(letters).toEqual([]);
  });

  it('dead-letters messages that are not events and batches the rest', async () => {
    const calls: string[][] = [];
    const { letters, run } = harness(
      async (events) => void calls.push(events.map((e) => orderIdOf(e.event))),
    );
    await run([
      message(JSON.stringify(canceled('a')), 0),
      message('garbage', 1),
      message(JSON.stringify(canceled('b')), 2),
    ]);
    expect(calls).toEqual([['a', 'b']]);
    expect(letters.map((l) => [l.position.offset, l.reason])).toEqual([['1', 'invalid_json']]);
  });

  it('falls back to one event at a time when the batch keeps failing, isolating the bad event', async () => {
    let batchCalls = 0;
    const { letters, single, run } = harness(async () => {
      batchCalls++;
      throw new Error('one event in here cannot be applied');
    });
    const outcome = await run(['a', 'poison', 'b'].map((id, i) => message(JSON.stringify(canceled(id)), i)));
    expect(outcome).toBe('one-by-one');
    expect(batchCalls).toBe(2);
    expect(single).toEqual(['a', 'b']);
    expect(letters.map((l) => [l.position.offset, l.reason, l.attempts])).toEqual([
      ['1', 'handler_failed', 2],
    ]);
  });
});
