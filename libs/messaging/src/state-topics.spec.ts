import { STATE_TOPICS, createEvent } from '@inventory/contracts';
import { toOutgoingMessage } from './message-bus';
import { stateMessagesOf } from './state-topics';

describe('stateMessagesOf', () => {
  it('keys a salable change by stock and SKU, as it is', () => {
    const event = createEvent(
      'SalableQuantityChanged',
      {
        stockId: 2,
        sku: 'A-1',
        salableQty: 4,
        isSalable: true,
        onlyXLeft: null,
        backorders: 'none',
        sequence: 9,
      },
      { source: 'reservation' },
    );
    const message = toOutgoingMessage(event, 'A-1');
    expect(stateMessagesOf(message)).toEqual([
      { topic: STATE_TOPICS.salableState, key: '2:A-1', value: message.value, headers: message.headers },
    ]);
  });

  it('gives one state per source item saved, and a tombstone per source item deleted', () => {
    const saved = createEvent(
      'SourceItemsSaved',
      {
        sku: 'A-1',
        items: [
          { sourceCode: 'east', quantity: 3, status: 'in_stock', notifyStockQty: null },
          { sourceCode: 'west', quantity: 0, status: 'out_of_stock', notifyStockQty: 2, damaged: 4 },
        ],
        reason: 'manual',
        version: 17,
      },
      { source: 'catalog-inventory' },
    );
    const states = stateMessagesOf(toOutgoingMessage(saved, 'A-1'));
    expect(states.map(({ topic, key }) => [topic, key])).toEqual([
      [STATE_TOPICS.sourceItemsState, 'A-1:east'],
      [STATE_TOPICS.sourceItemsState, 'A-1:west'],
    ]);
    expect(JSON.parse(states[1].value!)).toEqual({
      sku: 'A-1',
      sourceCode: 'west',
      quantity: 0,
      status: 'out_of_stock',
      notifyStockQty: 2,
      // The held states, 0 when the event leaves them out.
      damaged: 4,
      qualityControl: 0,
      safetyStock: 0,
      version: 17,
      updatedAt: saved.occurredAt,
      eventId: saved.eventId,
    });
    const deleted = createEvent(
      'SourceItemsDeleted',
      { sku: 'A-1', sourceCodes: ['east'], version: 18 },
      { source: 'catalog-inventory' },
    );
    expect(stateMessagesOf(toOutgoingMessage(deleted, 'A-1'))).toEqual([
      expect.objectContaining({ topic: STATE_TOPICS.sourceItemsState, key: 'A-1:east', value: null }),
    ]);
  });

  it('has nothing for other events', () => {
    const placed = createEvent(
      'OrderPlaced',
      {
        orderId: 'o-1',
        salesChannel: 'base',
        items: [{ sku: 'A-1', qty: 1 }],
        placedAt: new Date().toISOString(),
      },
      { source: 'order-system' },
    );
    expect(stateMessagesOf(toOutgoingMessage(placed, 'o-1'))).toEqual([]);
  });
});
