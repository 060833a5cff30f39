import { OrderDecision, evolveOrder } from '../reserve-order/order-decision';
import { SkuState, evolveSku } from '../sku-state/sku-state';
import { Outcome, Refusal } from '../streams/outcome';
import { OrderEvent } from '../streams/stream-events';
import { givenSku, quantities, reserved } from '../testing/given';
import { decideCancel, decideCreditMemo, decideSourceItems } from './decide-compensation';

const placed = evolveOrder(undefined, {
  type: 'OrderReservationPlaced',
  data: { orderId: 'o1', stockId: 1, salesChannel: 'base', items: [{ sku: 'A', qty: 5 }] },
});
const shipment = (quantity: number) => ({
  sku: 'A',
  items: [{ sourceCode: 'default', quantity, status: 'in_stock' as const, notifyStockQty: null }],
  reason: 'shipment' as const,
  shipmentId: 's1',
  orderId: 'o1',
});

/** Both sides of an outcome applied: the SKU stream and the order stream. */
function apply(sku: SkuState, order: OrderDecision, outcome: Outcome) {
  return {
    sku: (outcome.skus.get('A') ?? []).reduce(evolveSku, sku),
    order: (outcome.order?.events ?? []).reduce(
      (state: OrderDecision, e: OrderEvent) => evolveOrder(state, e),
      order,
    ),
  };
}
const types = (outcome: Outcome) => (outcome.skus.get('A') ?? []).map((e) => e.type);

describe('compensations: each unit given back exactly once', () => {
  const sku = givenSku('A', quantities({ default: 10 }), reserved('o1', 5));

  it('a shipment deducts the source and compensates the reservation in the same append', () => {
    const outcome = decideSourceItems(shipment(7), sku, placed);
    expect(types(outcome)).toEqual(['SourceItemsRecorded', 'ReservationCompensated']);
    expect(outcome.skus.get('A')?.[1].data).toMatchObject({
      ref: 'order:o1',
      stockId: 1,
      qty: 3,
      reason: 'shipment',
    });
    expect(outcome.order?.events).toEqual([
      { type: 'OrderLineSettled', data: { sku: 'A', counter: 'shipped', units: 3, released: 3 } },
    ]);
    const after = apply(sku, placed, outcome);
    expect(after.sku.reserved[1]).toBe(-2);
    // Delivered twice: the quantities are already these, nothing is compensated again.
    expect(types(decideSourceItems(shipment(7), after.sku, after.order))).toEqual(['SourceItemsRecorded']);
  });

  it('cancelling the rest gives back only what was not shipped; a second cancel is refused', () => {
    const shipped = apply(sku, placed, decideSourceItems(shipment(7), sku, placed));
    const cancel = decideCancel({ orderId: 'o1' }, { order: shipped.order });
    expect(cancel.skus.get('A')).toEqual([
      {
        type: 'ReservationCompensated',
        data: { ref: 'order:o1', stockId: 1, qty: 2, reason: 'order_canceled' },
      },
    ]);
    const closed = apply(shipped.sku, shipped.order, cancel);
    expect(closed.sku.reserved[1]).toBe(0);
    expect(() =>
      decideCancel({ orderId: 'o1', items: [{ sku: 'A', qty: 1 }] }, { order: closed.order }),
    ).toThrow(new Refusal('over_compensation', 'Cannot cancel 1 of A on order o1: only 0 still reserved'));
    expect(decideCancel({ orderId: 'o1' }, { order: closed.order })).toEqual({ skus: new Map() });
  });

  it('refuses to cancel an order it never saw, and gives nothing back for a rejected one', () => {
    expect(() => decideCancel({ orderId: 'ghost' }, { order: undefined })).toThrow(Refusal);
    const rejected = evolveOrder(undefined, {
      type: 'OrderReservationRejected',
      data: { orderId: 'o2', lines: [{ sku: 'A', qty: 1, code: 'x', message: 'y' }] },
    });
    expect(decideCancel({ orderId: 'o2' }, { order: rejected })).toEqual({ skus: new Map() });
  });

  it("a credit memo releases only refunded units that never shipped (Magento's qty to ship)", () => {
    const shipped = apply(sku, placed, decideSourceItems(shipment(7), sku, placed)); // 3 of 5 shipped
    const refundShipped = decideCreditMemo(
      {
        creditMemoId: 'c1',
        orderId: 'o1',
        items: [{ sku: 'A', qty: 2, returnToStock: true, sourceCode: 'default' }],
      },
      { order: shipped.order },
    );
    expect(types(refundShipped)).toEqual([]);
    expect(refundShipped.order?.events[0].data).toMatchObject({ counter: 'refunded', units: 2, released: 0 });
    const afterFirst = apply(shipped.sku, shipped.order, refundShipped);
    const refundAll = decideCreditMemo(
      {
        creditMemoId: 'c2',
        orderId: 'o1',
        items: [{ sku: 'A', qty: 3, returnToStock: false, sourceCode: null }],
      },
      { order: afterFirst.order },
    );
    expect(refundAll.skus.get('A')?.[0].data).toMatchObject({
      qty: 2,
      reason: 'credit_memo',
      creditMemoId: 'c2',
    });
    expect(apply(afterFirst.sku, afterFirst.order, refundAll).sku.reserved[1]).toBe(0);
  });

  it('records a shipment beyond the reservation for audit instead of over-compensating', () => {
    const outcome = decideSourceItems(shipment(3), sku, placed); // 7 shipped of 5 ordered
    expect(types(outcome)).toEqual(['SourceItemsRecorded', 'ReservationCompensated', 'CompensationRefused']);
    expect(outcome.skus.get('A')?.[1].data).toMatchObject({ qty: 5 });
    expect(outcome.skus.get('A')?.[2].data).toMatchObject({ qty: 2, reason: 'more_shipped_than_ordered' });
  });

  it('records a shipment of an order it holds nothing for, without compensating', () => {
    expect(types(decideSourceItems(shipment(7), sku, undefined))).toEqual([
      'SourceItemsRecorded',
      'CompensationRefused',
    ]);
  });
});
