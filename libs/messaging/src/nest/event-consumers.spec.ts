import { LoopHealth } from '@inventory/observability';
import { Registry } from 'prom-client';
import { EventConsumerRunner, EventSubscription, RunningConsumer } from '../consumer/event-subscription';
import { EventConsumers } from './event-consumers';

/** A consumer the test kills: `die` is what kafkajs does when it gives up restarting one. */
function fakeConsumer(groupId: string) {
  let die!: (error: unknown) => void;
  const consumer: RunningConsumer & { stopped: boolean } = {
    groupId,
    stopped: false,
    isReady: () => !consumer.stopped,
    dead: new Promise((resolve) => (die = resolve)),
    stop: async () => void (consumer.stopped = true),
  };
  return { consumer, die };
}

describe('EventConsumers', () => {
  it('starts a consumer again when it crashed for good, and says so to readiness meanwhile', async () => {
    const made: ReturnType<typeof fakeConsumer>[] = [];
    let calls = 0;
    const runner: EventConsumerRunner = {
      run: async (subscription) => {
        // The first start works; starting it again fails once (the broker still away), then works.
        if (++calls === 2) throw new Error('broker still away');
        made.push(fakeConsumer(subscription.groupId));
        return made[made.length - 1].consumer;
      },
    };
    const loops = new LoopHealth(new Registry());
    const consumers = new EventConsumers(runner, loops);
    const subscription: EventSubscription = {
      groupId: 'orders',
      topics: ['orders.v1'],
      handle: async () => undefined,
    };

    await consumers.start(subscription);
    made[0].die(new Error('The group coordinator is not available'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(made[0].consumer.stopped).toBe(true);
    expect(consumers.status()).toMatchObject({ ready: false, notReady: { orders: 'starting' } });
    expect(loops.reports()).toEqual([
      expect.objectContaining({ name: 'consumer:orders', state: 'failing', lastError: 'broker still away' }),
    ]);

    await new Promise((resolve) => setTimeout(resolve, 2_100)); // its retry waits 2 s
    expect(made).toHaveLength(2);
    expect(consumers.status()).toEqual({ ready: true, groups: { orders: true }, notReady: {} });
    expect(loops.reports()).toEqual([expect.objectContaining({ name: 'consumer:orders', state: 'ok' })]);
    await consumers.beforeApplicationShutdown();
  });

  it('waits at shutdown for a consumer still joining, and stops it once it has joined', async () => {
    const joining = fakeConsumer('orders');
    let joined!: () => void;
    const runner: EventConsumerRunner = {
      run: () => new Promise((resolve) => (joined = () => resolve(joining.consumer))),
    };
    const consumers = new EventConsumers(runner);
    consumers.startInBackground({ groupId: 'orders', topics: ['orders.v1'], handle: async () => undefined });

    const shutdown = consumers.beforeApplicationShutdown();
    setTimeout(() => joined(), 100); // the join ends after shutdown began
    await shutdown;
    // Without the wait, it went on consuming after the app (and its database) had closed.
    expect(joining.consumer.stopped).toBe(true);
  });

  it('says why a running consumer is not ready, in its own words', async () => {
    const joining = fakeConsumer('orders-e2e');
    const consumer = {
      ...joining.consumer,
      isReady: () => false,
      notReadyBecause: () => 'joining its group',
    };
    const runner: EventConsumerRunner = { run: async () => consumer };
    const consumers = new EventConsumers(runner, new LoopHealth(new Registry()));

    await consumers.start({ groupId: 'orders', topics: ['orders.v1'], handle: async () => undefined });

    expect(consumers.status()).toEqual({
      ready: false,
      groups: { 'orders-e2e': false },
      notReady: { 'orders-e2e': 'joining its group' },
    });
    await consumers.beforeApplicationShutdown();
  });

  it('stops once however often shutdown asks, and every caller waits for the consumers to be stopped', async () => {
    const slow = fakeConsumer('orders');
    let stops = 0;
    const consumer = {
      ...slow.consumer,
      stop: async () => {
        stops++;
        await new Promise((resolve) => setTimeout(resolve, 100));
        slow.consumer.stopped = true;
      },
    };
    const consumers = new EventConsumers({ run: async () => consumer });
    await consumers.start({ groupId: 'orders', topics: ['orders.v1'], handle: async () => undefined });

    const first = consumers.beforeApplicationShutdown();
    await consumers.beforeApplicationShutdown(); // the outbox's shutdown, side by side with the first
    expect(slow.consumer.stopped).toBe(true);
    await first;
    expect(stops).toBe(1);
  });
});
