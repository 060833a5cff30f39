import { OrderPlaced } from '@inventory/contracts';
import {
  StockPosition,
  emptyPosition,
  withReservation,
  withSourceItems,
} from '../stock-position/stock-position';
import { decideOrderReservation, quantitiesBySku } from './decide-order-reservation';

const stocked = (sku: string, qty: number): StockPosition =>
  withSourceItems(emptyPosition(sku), [
    { sourceCode: 'default', quantity: qty, status: 'in_stock', notifyStockQty: null },
  ]);

const order = (items: { sku: string; qty: number }[], salesChannel = 'base'): OrderPlaced => ({
  orderId: 'o-1',
  salesChannel,
  items,
  placedAt: '2026-11-23T10:00:00.000Z',
});

const context = (...positions: StockPosition[]) => ({
  stockOfChannel: (code: string) => (code === 'base' ? 1 : undefined),
  positions: new Map(positions.map((p) => [p.sku, p])),
});

describe('decideOrderReservation', () => {
  it('reserves every line when each SKU has enough salable quantity', () => {
    const decision = decideOrderReservation(
      order([
        { sku: 'A', qty: 2 },
        { sku: 'B', qty: 5 },
      ]),
      context(stocked('A', 2), stocked('B', 10)),
    );
    expect(decision).toEqual({
      kind: 'reserve',
      stockId: 1,
      quantities: new Map([
        ['A', 2],
        ['B', 5],
      ]),
    });
  });

  it('reserves nothing when one line is short, and says which line and why', () => {
    const decision = decideOrderReservation(
      order([
        { sku: 'A', qty: 2 },
        { sku: 'B', qty: 11 },
      ]),
      context(stocked('A', 2), stocked('B', 10)),
    );
    expect(decision).toEqual({
      kind: 'reject',
      lines: [
        {
          sku: 'A',
          qty: 2,
          code: 'order_not_reserved',
          message: 'Not reserved because another line of the order cannot be',
        },
        { sku: 'B', qty: 11, code: 'not_enough_qty', message: 'Not enough items for sale' },
      ],
    });
  });

  it('adds up lines of the same SKU before checking', () => {
    const decision = decideOrderReservation(
      order([
        { sku: 'A', qty: 3 },
        { sku: 'A', qty: 3 },
      ]),
      context(stocked('A', 5)),
    );
    expect(decision.kind).toBe('reject');
  });

  it('counts open reservations against the salable quantity', () => {
    const halfSold = withReservation(stocked('A', 10), -8);
    expect(decideOrderReservation(order([{ sku: 'A', qty: 2 }]), context(halfSold)).kind).toBe('reserve');
    expect(decideOrderReservation(order([{ sku: 'A', qty: 3 }]), context(halfSold)).kind).toBe('reject');
  });

  it('rejects a SKU it knows nothing about', () => {
    const decision = decideOrderReservation(order([{ sku: 'GHOST', qty: 1 }]), context());
    expect(decision).toMatchObject({ kind: 'reject', lines: [{ code: 'not_enough_qty' }] });
  });

  it('rejects every line of an order from a channel without a stock', () => {
    const decision = decideOrderReservation(order([{ sku: 'A', qty: 1 }], 'moon'), context(stocked('A', 5)));
    expect(decision).toEqual({
      kind: 'reject',
      lines: [
        {
          sku: 'A',
          qty: 1,
          code: 'sales_channel_not_found',
          message: 'Sales channel "moon" is not assigned to any stock',
        },
      ],
    });
  });
});

describe('quantitiesBySku', () => {
  it('sums decimal quantities exactly', () => {
    expect(
      quantitiesBySku({
        items: [
          { sku: 'W', qty: 0.1 },
          { sku: 'W', qty: 0.2 },
        ],
      }),
    ).toEqual(new Map([['W', 0.3]]));
  });
});
