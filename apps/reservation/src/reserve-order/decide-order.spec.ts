import { evolveSku } from '../sku-state/sku-state';
import { SkuEvent } from '../streams/stream-events';
import { givenConfiguration, givenSku, quantities, stock } from '../testing/given';
import { decideOrder } from './decide-order';

const order = (orderId: string, items: { sku: string; qty: number }[], salesChannel = 'base') => ({
  orderId,
  salesChannel,
  items,
});

describe('decideOrder: all lines reserved, or none', () => {
  const configuration = givenConfiguration();
  const skus = new Map([
    ['A', givenSku('A', quantities({ default: 5 }))],
    ['B', givenSku('B', quantities({ default: 1 }))],
  ]);

  it('reserves every line in the stock of the channel', () => {
    const outcome = decideOrder(
      order('o1', [
        { sku: 'A', qty: 2 },
        { sku: 'A', qty: 1 },
        { sku: 'B', qty: 1 },
      ]),
      {
        configuration,
        skus,
        alreadyDecided: false,
      },
    );
    expect(outcome.order?.events).toEqual([
      {
        type: 'OrderReservationPlaced',
        data: { orderId: 'o1', stockId: 1, salesChannel: 'base', items: expect.any(Array) },
      },
    ]);
    expect(outcome.skus.get('A')).toEqual([
      { type: 'StockReserved', data: { ref: 'order:o1', stockId: 1, qty: 3 } },
    ]);
    expect(outcome.skus.get('B')).toEqual([
      { type: 'StockReserved', data: { ref: 'order:o1', stockId: 1, qty: 1 } },
    ]);
  });

  it('rejects the whole order when one line cannot be served, saying which and why', () => {
    const outcome = decideOrder(
      order('o2', [
        { sku: 'A', qty: 2 },
        { sku: 'B', qty: 2 },
      ]),
      {
        configuration,
        skus,
        alreadyDecided: false,
      },
    );
    expect(outcome.skus.size).toBe(0);
    expect(outcome.order?.events[0]).toEqual({
      type: 'OrderReservationRejected',
      data: {
        orderId: 'o2',
        lines: [
          {
            sku: 'A',
            qty: 2,
            code: 'order_not_reserved',
            message: 'Not reserved because another line of the order cannot be',
          },
          {
            sku: 'B',
            qty: 2,
            code: 'is_salable_with_reservations-not_enough_qty',
            message: 'Only 1 of 2 available',
          },
        ],
      },
    });
  });

  it('rejects an order on a channel no stock sells through', () => {
    const outcome = decideOrder(order('o3', [{ sku: 'A', qty: 1 }], 'nowhere'), {
      configuration,
      skus,
      alreadyDecided: false,
    });
    expect(outcome.order?.events[0]).toMatchObject({
      type: 'OrderReservationRejected',
      data: { lines: [{ code: 'sales_channel_not_found' }] },
    });
  });

  it('decides an order once: a second OrderPlaced for it records nothing', () => {
    const outcome = decideOrder(order('o1', [{ sku: 'A', qty: 1 }]), {
      configuration,
      skus,
      alreadyDecided: true,
    });
    expect(outcome).toEqual({ skus: new Map() });
  });

  it('two stocks sharing one source of 10 units: 10 sold through either, the 11th refused', () => {
    const shared = givenConfiguration(stock(1, ['shared'], ['base']), stock(2, ['shared'], ['us']));
    let sku = givenSku('S', quantities({ shared: 10 }));
    const outcomes = Array.from({ length: 11 }, (_, i) => {
      const outcome = decideOrder(order(`o${i}`, [{ sku: 'S', qty: 1 }], i % 2 ? 'us' : 'base'), {
        configuration: shared,
        skus: new Map([['S', sku]]),
        alreadyDecided: false,
      });
      sku = (outcome.skus.get('S') ?? []).reduce((state, event: SkuEvent) => evolveSku(state, event), sku);
      return outcome.order?.events[0].type;
    });
    expect(outcomes.filter((type) => type === 'OrderReservationPlaced')).toHaveLength(10);
    expect(outcomes[10]).toBe('OrderReservationRejected');
    expect(sku.reserved).toEqual({ 1: -5, 2: -5 });
  });
});
