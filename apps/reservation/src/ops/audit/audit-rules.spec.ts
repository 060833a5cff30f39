import { decideAuditAdjustment } from '../../compensation/decide-compensation';
import { OrderDecision, evolveOrder, heldUnits } from '../../reserve-order/order-decision';
import { OrderEvent, SkuEvent } from '../../streams/stream-events';
import { givenSku, quantities, reserved } from '../../testing/given';
import { FulfillmentOrder, findInconsistencies } from './audit-rules';

const order = (orderId: string, qty: number, ...more: OrderEvent[]): OrderDecision =>
  more.reduce(
    (state: OrderDecision, event) => evolveOrder(state, event),
    evolveOrder(undefined, {
      type: 'OrderReservationPlaced',
      data: { orderId, stockId: 1, salesChannel: 'base', items: [{ sku: 'A', qty }] },
    }),
  );
const theirs = (orderId: string, toShip: number, inFlight = 0): FulfillmentOrder => ({
  orderId,
  reservationStatus: 'reserved',
  lines: [{ sku: 'A', toShip, inFlight }],
});
const heldFor = (holdId: string, qty: number): SkuEvent => ({
  type: 'StockReserved',
  data: { ref: `hold:${holdId}`, stockId: 1, qty },
});
const catalogA = [{ sku: 'A', sourceCode: 'default', quantity: 10, status: 'in_stock' as const }];

describe('the audit: what disagrees between the services', () => {
  const o1 = order('o1', 3);
  const o2 = order('o2', 2);
  const reservation = {
    skus: new Map([['A', givenSku('A', quantities({ default: 10 }), reserved('o1', 3), reserved('o2', 2))]]),
    orders: new Map([
      ['o1', o1],
      ['o2', o2],
    ]),
    openHolds: [],
  };

  it('finds nothing when every order line holds what fulfillment has to ship and in flight', () => {
    const fulfillment = new Map([
      ['o1', theirs('o1', 2, 1)],
      ['o2', theirs('o2', 2)],
    ]);
    expect(findInconsistencies(reservation, fulfillment, catalogA)).toEqual([]);
  });

  it('names each order line that holds otherwise, an order fulfillment does not have, and quantities', () => {
    const fulfillment = new Map([['o1', theirs('o1', 0)]]); // fulfillment canceled o1; o2 never arrived
    const found = findInconsistencies(reservation, fulfillment, [{ ...catalogA[0], quantity: 8 }]);
    expect(found).toEqual([
      { kind: 'held_differs', orderId: 'o1', sku: 'A', held: 3, expected: 0 },
      { kind: 'order_unknown_to_fulfillment', orderId: 'o2', held: 2, fulfillmentStatus: 'unknown' },
      {
        kind: 'quantity_differs',
        sku: 'A',
        sourceCode: 'default',
        here: { quantity: 10, status: 'in_stock' },
        catalog: { quantity: 8, status: 'in_stock' },
      },
    ]);
  });

  it("finds a SKU's reserved sum its orders do not account for, naming them", () => {
    const drifted = {
      ...reservation,
      skus: new Map([['A', givenSku('A', quantities({ default: 10 }), reserved('o1', 7))]]),
    };
    const fulfillment = new Map([
      ['o1', theirs('o1', 3)],
      ['o2', theirs('o2', 2)],
    ]);
    expect(findInconsistencies(drifted, fulfillment, catalogA)).toEqual([
      {
        kind: 'reserved_sum_differs',
        sku: 'A',
        stockId: 1,
        reserved: 7,
        heldByOrdersAndHolds: 5,
        orders: ['o1', 'o2'],
      },
    ]);
  });

  it("counts a kit's open hold as its components' units, as it reserved them", () => {
    const withHold = {
      ...reservation,
      skus: new Map([
        [
          'A',
          givenSku('A', quantities({ default: 10 }), reserved('o1', 3), reserved('o2', 2), heldFor('h1', 4)),
        ],
      ]),
      openHolds: [
        {
          holdId: 'h1',
          salesChannel: 'base',
          stockId: 1,
          items: [{ sku: 'PAIR', qty: 2 }],
          kits: [{ sku: 'PAIR', components: [{ sku: 'A', qty: 2 }] }],
          expiresAt: '2026-12-05T12:00:00Z',
          releasedBecause: null,
        },
      ],
    };
    const fulfillment = new Map([
      ['o1', theirs('o1', 3)],
      ['o2', theirs('o2', 2)],
    ]);
    expect(findInconsistencies(withHold, fulfillment, catalogA)).toEqual([]);
  });

  it('adjusts a line to what fulfillment says, once: applied, the same adjustment finds nothing to do', () => {
    const adjustment = decideAuditAdjustment(o1, 'A', 1);
    expect(adjustment.skus.get('A')).toEqual([
      { type: 'ReservationCompensated', data: { ref: 'order:o1', stockId: 1, qty: 2, reason: 'audit' } },
    ]);
    const adjusted = (adjustment.order?.events ?? []).reduce(evolveOrder, o1);
    expect(heldUnits(adjusted.lines.A)).toBe(1);
    expect(decideAuditAdjustment(adjusted, 'A', 1)).toEqual({ skus: new Map() });
    // Held too little (given back by mistake): taken again.
    expect(decideAuditAdjustment(adjusted, 'A', 3).skus.get('A')).toEqual([
      { type: 'StockReserved', data: { ref: 'order:o1', stockId: 1, qty: 2 } },
    ]);
  });
});
