import { SkuState, evolveSku } from '../sku-state/sku-state';
import { Refusal } from '../streams/outcome';
import { givenSku, quantities, reserved } from '../testing/given';
import { OrderDecision } from '../reserve-order/order-decision';
import { decideCancel, decideCreditMemo, decideSourceItems } from './decide-compensation';

const order: OrderDecision = {
  orderId: 'o1',
  outcome: 'reserved',
  stockId: 1,
  items: [{ sku: 'A', qty: 5 }],
};
const shipment = (quantity: number) => ({
  sku: 'A',
  items: [{ sourceCode: 'default', quantity, status: 'in_stock' as const, notifyStockQty: null }],
  reason: 'shipment' as const,
  shipmentId: 's1',
  orderId: 'o1',
});
const apply = (state: SkuState, events: readonly Parameters<typeof evolveSku>[1][]) =>
  events.reduce(evolveSku, state);

describe('compensations: each unit given back exactly once', () => {
  const placed = givenSku('A', quantities({ default: 10 }), reserved('o1', 5));

  it('a shipment deducts the source and compensates the reservation in the same append', () => {
    const events = decideSourceItems(shipment(7), placed);
    expect(events.map((e) => e.type)).toEqual(['SourceItemsRecorded', 'ReservationCompensated']);
    expect(events[1].data).toMatchObject({ ref: 'order:o1', qty: 3, shipped: 3, reason: 'shipment' });
    const after = apply(placed, events);
    expect(after.reserved[1]).toBe(-2);
    // Delivered twice: the quantities are already these, nothing is compensated again.
    expect(decideSourceItems(shipment(7), after).map((e) => e.type)).toEqual(['SourceItemsRecorded']);
  });

  it('cancelling the rest gives back only what was not shipped; a second cancel is refused', () => {
    const shipped = apply(placed, decideSourceItems(shipment(7), placed));
    const cancel = decideCancel({ orderId: 'o1' }, { order, skus: new Map([['A', shipped]]) });
    expect(cancel.skus.get('A')).toEqual([
      {
        type: 'ReservationCompensated',
        data: { ref: 'order:o1', qty: 2, reason: 'order_canceled', canceled: 2 },
      },
    ]);
    const closed = apply(shipped, cancel.skus.get('A')!);
    expect(closed.reserved[1]).toBe(0);
    expect(closed.open).toEqual({});
    expect(() =>
      decideCancel(
        { orderId: 'o1', items: [{ sku: 'A', qty: 1 }] },
        { order, skus: new Map([['A', closed]]) },
      ),
    ).toThrow(new Refusal('over_compensation', 'Cannot cancel 1 of A on order o1: only 0 still reserved'));
  });

  it('refuses to cancel an order it never saw', () => {
    expect(() => decideCancel({ orderId: 'ghost' }, { order: undefined, skus: new Map() })).toThrow(Refusal);
  });

  it("a credit memo releases only refunded units that never shipped (Magento's qty to ship)", () => {
    const shipped = apply(placed, decideSourceItems(shipment(7), placed)); // 3 of 5 shipped
    const refundShipped = decideCreditMemo(
      {
        creditMemoId: 'c1',
        orderId: 'o1',
        items: [{ sku: 'A', qty: 2, returnToStock: true, sourceCode: 'default' }],
      },
      { order, skus: new Map([['A', shipped]]) },
    );
    expect(refundShipped.skus.get('A')?.[0].data).toMatchObject({ qty: 0, refunded: 2 });
    const afterFirst = apply(shipped, refundShipped.skus.get('A')!);
    const refundAll = decideCreditMemo(
      {
        creditMemoId: 'c2',
        orderId: 'o1',
        items: [{ sku: 'A', qty: 3, returnToStock: false, sourceCode: null }],
      },
      { order, skus: new Map([['A', afterFirst]]) },
    );
    expect(refundAll.skus.get('A')?.[0].data).toMatchObject({ qty: 2, refunded: 3 });
    expect(apply(afterFirst, refundAll.skus.get('A')!).reserved[1]).toBe(0);
  });

  it('records a shipment beyond the reservation for audit instead of over-compensating', () => {
    const events = decideSourceItems(shipment(3), placed); // 7 shipped of 5 ordered
    expect(events.map((e) => e.type)).toEqual([
      'SourceItemsRecorded',
      'ReservationCompensated',
      'CompensationRefused',
    ]);
    expect(events[1].data).toMatchObject({ qty: 5 });
    expect(events[2].data).toMatchObject({ qty: 2, reason: 'more_shipped_than_ordered' });
  });
});
