import { IntegrationEvent, Refusal, createEvent } from '@inventory/contracts';
import { DeadLetter, deadLetterMessage } from './dead-letter';
import { EventSubscription, UnprocessableEventError } from './event-subscription';
import { ReceivedMessage, ShutdownDuringRetry, processMessage } from './process-message';
import { backoffDelayMs } from './retry-policy';

const event = createEvent(
  'OrderCanceled',
  { orderId: 'o-1' },
  { source: 'order-system', eventId: '11111111-1111-4111-8111-111111111111' },
);

const message = (value: string | null): ReceivedMessage => ({
  position: { topic: 'orders.v1', partition: 3, offset: '42', key: 'o-1' },
  value: value === null ? null : Buffer.from(value),
  headers: { 'event-type': 'OrderCanceled' },
});

function harness(handle: (event: IntegrationEvent) => Promise<void>, maxAttempts = 3) {
  const letters: DeadLetter[] = [];
  const waits: number[] = [];
  const subscription: EventSubscription = {
    groupId: 'reservation',
    topics: ['orders.v1'],
    handle,
    maxAttempts,
  };
  const deps = {
    sendToDeadLetter: async (letter: DeadLetter) => void letters.push(letter),
    wait: async (ms: number) => void waits.push(ms),
    now: () => new Date('2026-11-23T10:00:00Z'),
  };
  return {
    letters,
    waits,
    run: (m: ReceivedMessage, extra = {}) => processMessage(m, subscription, { ...deps, ...extra }),
  };
}

describe('processMessage', () => {
  it('hands a valid event to the handler once', async () => {
    const seen: IntegrationEvent[] = [];
    const { letters, run } = harness(async (e) => void seen.push(e));
    await expect(run(message(JSON.stringify(event)))).resolves.toEqual({ kind: 'handled', attempts: 1 });
    expect(seen).toEqual([event]);
    expect(letters).toEqual([]);
  });

  it('retries a failing handler with backoff and succeeds', async () => {
    let calls = 0;
    const { letters, waits, run } = harness(async () => {
      if (++calls < 3) throw new Error('database restarting');
    });
    await expect(run(message(JSON.stringify(event)))).resolves.toEqual({ kind: 'handled', attempts: 3 });
    expect(waits).toHaveLength(2);
    expect(letters).toEqual([]);
  });

  it('dead-letters after the last attempt, with the error and the attempt count', async () => {
    let calls = 0;
    const { letters, run } = harness(async () => {
      calls++;
      throw new Error('still broken');
    }, 4);
    const outcome = await run(message(JSON.stringify(event)));
    expect(calls).toBe(4);
    expect(outcome.kind).toBe('dead-lettered');
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      reason: 'handler_failed',
      error: 'still broken',
      attempts: 4,
      groupId: 'reservation',
    });
  });

  it('keeps retrying while the database is away, and dead-letters nothing', async () => {
    let calls = 0;
    const { letters, waits, run } = harness(async () => {
      if (++calls <= 8)
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    }, 3);
    await expect(run(message(JSON.stringify(event)))).resolves.toEqual({ kind: 'handled', attempts: 9 });
    expect(letters).toEqual([]);
    expect(waits).toHaveLength(8);
  });

  it('counts only the failures of the event itself towards the dead letter', async () => {
    let calls = 0;
    const { letters, run } = harness(async () => {
      calls++;
      if (calls % 2) throw Object.assign(new Error('the database system is starting up'), { code: '57P03' });
      throw new Error('still broken');
    }, 3);
    const outcome = await run(message(JSON.stringify(event)));
    expect(outcome.kind).toBe('dead-lettered');
    expect(calls).toBe(6);
    expect(letters[0]).toMatchObject({ reason: 'handler_failed', error: 'still broken', attempts: 6 });
  });

  it('dead-letters a refused event at once, with its code', async () => {
    let calls = 0;
    const { letters, run } = harness(async () => {
      calls++;
      throw new UnprocessableEventError(
        'insufficient_source_qty',
        'Not all of your products are available in the requested quantity.',
      );
    });
    await run(message(JSON.stringify(event)));
    expect(calls).toBe(1);
    expect(letters[0]).toMatchObject({ reason: 'insufficient_source_qty', attempts: 1 });
  });

  it("dead-letters a decider's Refusal at once too, with its code: every refusal is the event's own fault", async () => {
    let calls = 0;
    const { letters, run } = harness(async () => {
      calls++;
      throw new Refusal('over_cancel', 'Cannot cancel 3 of "A": only 2 left to ship');
    });
    await run(message(JSON.stringify(event)));
    expect(calls).toBe(1);
    expect(letters[0]).toMatchObject({ reason: 'over_cancel', attempts: 1 });
  });

  it('dead-letters an invalid message without calling the handler', async () => {
    let calls = 0;
    const { letters, run } = harness(async () => void calls++);
    await run(message('not json'));
    await run(message(JSON.stringify({ ...event, data: {} })));
    expect(calls).toBe(0);
    expect(letters.map((l) => l.reason)).toEqual(['invalid_json', 'invalid_data']);
    expect(letters[1].error).toContain('data.orderId');
  });

  it('stops retrying when shutdown begins, so the offset stays uncommitted', async () => {
    const { letters, run } = harness(async () => {
      throw new Error('broker gone');
    });
    await expect(run(message(JSON.stringify(event)), { isRunning: () => false })).rejects.toBeInstanceOf(
      ShutdownDuringRetry,
    );
    expect(letters).toEqual([]);
  });

  it('throws when the dead-letter publish fails, so the message is not committed', async () => {
    const subscription: EventSubscription = {
      groupId: 'g',
      topics: ['orders.v1'],
      handle: async () => undefined,
    };
    const failing = { sendToDeadLetter: async () => Promise.reject(new Error('dlq down')) };
    await expect(processMessage(message('garbage'), subscription, failing)).rejects.toThrow('dlq down');
  });
});

describe('deadLetterMessage', () => {
  it('keeps the original bytes, key and headers and says why and where it failed', () => {
    const letter: DeadLetter = {
      ...message('garbage'),
      groupId: 'reservation',
      reason: 'invalid_json',
      error: 'Message value is not JSON',
      attempts: 0,
      failedAt: new Date('2026-11-23T10:00:00Z'),
    };
    expect(deadLetterMessage(letter)).toEqual({
      topic: 'orders.v1.dlq',
      key: 'o-1',
      value: 'garbage',
      headers: {
        'event-type': 'OrderCanceled',
        'dlq-error': 'Message value is not JSON',
        'dlq-reason': 'invalid_json',
        'dlq-original-topic': 'orders.v1',
        'dlq-original-partition': '3',
        'dlq-original-offset': '42',
        'dlq-consumer-group': 'reservation',
        'dlq-attempts': '0',
        'dlq-failed-at': '2026-11-23T10:00:00.000Z',
      },
    });
  });
});

describe('backoffDelayMs', () => {
  it('grows exponentially up to the cap, with jitter in the upper half', () => {
    const options = { initialMs: 100, maxMs: 1_000 };
    expect(backoffDelayMs(1, options, () => 0)).toBe(50);
    expect(backoffDelayMs(1, options, () => 1)).toBe(100);
    expect(backoffDelayMs(3, options, () => 1)).toBe(400);
    expect(backoffDelayMs(10, options, () => 1)).toBe(1_000);
    expect(backoffDelayMs(10, options, () => 0)).toBe(500);
  });
});
