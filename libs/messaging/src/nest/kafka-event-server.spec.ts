import { IntegrationEvent, TOPICS, createEvent } from '@inventory/contracts';
import { MessageHandler } from '@nestjs/microservices';
import { of, throwError } from 'rxjs';
import { MessagePosition, PositionedEvent } from '../consumer/event-subscription';
import { EventConsumers } from './event-consumers';
import { KafkaEventContext, KafkaEventServer } from './kafka-event-server';

const at = (offset: number): MessagePosition => ({
  topic: TOPICS.orders,
  partition: 0,
  offset: String(offset),
  key: null,
});
const placed = (orderId: string) =>
  createEvent(
    'OrderPlaced',
    { orderId, salesChannel: 'base', items: [{ sku: 'A', qty: 1 }], placedAt: '2026-12-04T10:00:00.000Z' },
    { source: 'shop' },
  ) as IntegrationEvent;
const canceled = (orderId: string) =>
  createEvent('OrderCanceled', { orderId }, { source: 'shop' }) as IntegrationEvent;
const stock = () =>
  createEvent(
    'StockSaved',
    { stockId: 9, name: 'S', sourceLinks: [], salesChannels: [], version: 1 },
    { source: 'catalog-inventory' },
  ) as IntegrationEvent;

/** A server with handlers registered the way Nest registers @EventPattern methods. */
function serverWith(register: (server: KafkaEventServer) => void) {
  const server = new KafkaEventServer({} as EventConsumers);
  register(server);
  return server;
}

describe('KafkaEventServer', () => {
  it('makes one subscription per group, on the topics of its event types, and dispatches by type', async () => {
    const seen: string[] = [];
    const server = serverWith((s) => {
      s.addHandler(
        'OrderPlaced',
        async (event: IntegrationEvent, ctx: KafkaEventContext) => {
          seen.push(`placed ${(event.data as { orderId: string }).orderId} @${ctx.getPosition().offset}`);
        },
        true,
        { group: 'fulfillment' },
      );
      s.addHandler('StockSaved', async () => void seen.push('stock'), true, {
        group: 'fulfillment',
        maxAttempts: 3,
      });
      s.addHandler('OrderPlaced', async () => void seen.push('reservation'), true, { group: 'reservation' });
    });

    const [fulfillment, reservation] = server
      .subscriptions()
      .sort((a, b) => a.groupId.localeCompare(b.groupId));
    expect(fulfillment).toMatchObject({
      groupId: 'fulfillment',
      topics: [TOPICS.catalog, TOPICS.orders],
      maxAttempts: 3,
    });
    expect(reservation).toMatchObject({ groupId: 'reservation', topics: [TOPICS.orders] });
    expect(fulfillment.handleBatch).toBeUndefined();

    await fulfillment.handle(placed('o-1'), at(7));
    await fulfillment.handle(stock(), at(8));
    await fulfillment.handle(canceled('o-1'), at(9)); // not this group's type: nothing
    expect(seen).toEqual(['placed o-1 @7', 'stock']);
  });

  it('runs a handler of a type two groups handle only in its own group, each time the groups are read', async () => {
    const seen: string[] = [];
    // Like Nest's wrappers: each runs the next handler of its pattern too (Nest's own event bus).
    const chained = (name: string) => {
      const handler: MessageHandler = async (data: unknown, ctx: unknown) => {
        seen.push(name);
        await handler.next?.(data, ctx);
      };
      return handler;
    };
    const server = serverWith((s) => {
      s.addHandler('OrderPlaced', chained('fulfillment'), true, { group: 'fulfillment' });
      s.addHandler('OrderPlaced', chained('reservation'), true, { group: 'reservation' });
    });
    server.subscriptions();
    await server.subscription('fulfillment').handle(placed('o-1'), at(1));
    await server.subscription('reservation').handle(placed('o-1'), at(1));
    expect(seen).toEqual(['fulfillment', 'reservation']);
  });

  it("fails with the handler's own error, also when the handler answers with an Observable", async () => {
    class Unprocessable extends Error {}
    const server = serverWith((s) => {
      s.addHandler('OrderPlaced', async () => throwError(() => new Unprocessable('no such SKU')), true, {
        group: 'g',
      });
      s.addHandler('OrderCanceled', async () => of('done'), true, { group: 'g' });
    });
    const [group] = server.subscriptions();
    await expect(group.handle(placed('o-1'), at(1))).rejects.toBeInstanceOf(Unprocessable);
    await expect(group.handle(canceled('o-1'), at(2))).resolves.toBeUndefined();
  });

  it('hands a batch handler each run of its types in order, the other types one by one between them', async () => {
    const calls: string[] = [];
    const server = serverWith((s) => {
      const batch = async (events: PositionedEvent[], ctx: KafkaEventContext) =>
        void calls.push(
          `batch ${events.map(({ event }) => event.type).join('+')} @${ctx
            .getPositions()
            .map((p) => p.offset)
            .join(',')}`,
        );
      // Nest registers a method of @EventPattern([...]) under each of its patterns.
      const extras = { group: 'g', batch: true, maxBatchSize: 50, concurrentPartitions: 3 }; // one object: the method's metadata
      for (const type of ['OrderPlaced', 'OrderCanceled'])
        s.addHandler(type, async (...args: Parameters<typeof batch>) => batch(...args), true, extras);
      s.addHandler('StockSaved', async () => void calls.push('stock'), true, { group: 'g' });
    });
    const [group] = server.subscriptions();
    expect(group).toMatchObject({
      maxBatchSize: 50,
      concurrentPartitions: 3,
      topics: [TOPICS.catalog, TOPICS.orders],
    });

    await group.handleBatch!([
      { event: placed('a'), position: at(1) },
      { event: canceled('a'), position: at(2) },
      { event: stock(), position: at(3) },
      { event: placed('b'), position: at(4) },
    ]);
    expect(calls).toEqual(['batch OrderPlaced+OrderCanceled @1,2', 'stock', 'batch OrderPlaced @4']);

    calls.length = 0;
    await group.handle(canceled('c'), at(5)); // alone (a batch that failed): a batch of one
    expect(calls).toEqual(['batch OrderCanceled @5']);
  });

  it('refuses a handler without its group, a type handled twice or two batch methods in one group', () => {
    const noGroup = serverWith((s) => s.addHandler('OrderPlaced', async () => undefined, true, {}));
    expect(() => noGroup.subscriptions()).toThrow(/OrderPlaced.*group/);
    const twice = serverWith((s) => {
      s.addHandler('OrderPlaced', async () => undefined, true, { group: 'g' });
      s.addHandler('OrderPlaced', async () => undefined, true, { group: 'g' });
    });
    expect(() => twice.subscriptions()).toThrow(/g handles OrderPlaced twice/);
    const twoBatches = serverWith((s) => {
      s.addHandler('OrderPlaced', async () => undefined, true, { group: 'g', batch: true });
      s.addHandler('OrderCanceled', async () => undefined, true, { group: 'g', batch: true });
    });
    expect(() => twoBatches.subscriptions()).toThrow(/g has two batch handlers/);
    const misspelt = serverWith((s) =>
      s.addHandler('OrderPlace', async () => undefined, true, { group: 'g' }),
    );
    expect(() => misspelt.subscriptions()).toThrow(/'OrderPlace'.*no event type of that name/);
  });
});
