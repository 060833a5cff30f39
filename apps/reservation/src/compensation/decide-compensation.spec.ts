import { OrderDecision, evolveOrder } from '../reserve-order/order-decision';
import { SkuState, evolveSku } from '../sku-state/sku-state';
import { Outcome, Refusal } from '../streams/outcome';
import { OrderEvent } from '../streams/stream-events';
import { givenSku, quantities, reserved } from '../testing/given';
import {
  decideCancel,
  decideCreditMemo,
  decideShipmentCreated,
  decideSourceItems,
} from './decide-compensation';

const placed = evolveOrder(undefined, {
  type: 'OrderReservationPlaced',
  data: { orderId: 'o1', stockId: 1, salesChannel: 'base', items: [{ sku: 'A', qty: 5 }] },
});
/** The catalog's deduction of shipment `shipmentId`: the source left at `quantity`. */
const shipment = (quantity: number, shipmentId = 's1', shippedQty?: number) => ({
  sku: 'A',
  items: [{ sourceCode: 'default', quantity, status: 'in_stock' as const, notifyStockQty: null }],
  reason: 'shipment' as const,
  shipmentId,
  orderId: 'o1',
  ...(shippedQty ? { shippedQty } : {}),
});
/** Fulfillment's ShipmentCreated. */
const created = (qty: number, shipmentId = 's1') => ({
  shipmentId,
  orderId: 'o1',
  items: [{ sku: 'A', sourceCode: 'default', qty }],
});
const memo = (creditMemoId: string, qty: number, shipped?: boolean) => ({
  creditMemoId,
  orderId: 'o1',
  items: [
    { sku: 'A', qty, returnToStock: false, sourceCode: null, ...(shipped === undefined ? {} : { shipped }) },
  ],
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
  /** Outcomes applied one after another, as the streams would record them. */
  const run = (...steps: ((state: { sku: SkuState; order: OrderDecision }) => Outcome)[]) =>
    steps.reduce((state, step) => apply(state.sku, state.order, step(state)), { sku, order: placed });

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
      {
        type: 'OrderLineSettled',
        data: { sku: 'A', counter: 'shipment_created', units: 3, released: 0, shipmentId: 's1' },
      },
      {
        type: 'OrderLineSettled',
        data: { sku: 'A', counter: 'deducted', units: 3, released: 3, shipmentId: 's1' },
      },
    ]);
    const after = apply(sku, placed, outcome);
    expect(after.sku.reserved[1]).toBe(-2);
    // Delivered twice: the shipment is deducted already, nothing is compensated again.
    expect(types(decideSourceItems(shipment(7), after.sku, after.order))).toEqual(['SourceItemsRecorded']);
    // Fulfillment's ShipmentCreated arriving after the deduction counts nothing again.
    expect(decideShipmentCreated(created(3), { order: after.order })).toEqual({ skus: new Map() });
  });

  it('takes the shipped units the catalog says, not the drop in quantity it sees', () => {
    // The quantity also moved by a manual edit in between: the drop says 6, the shipment took 3.
    const outcome = decideSourceItems(shipment(4, 's1', 3), sku, placed);
    expect(outcome.skus.get('A')?.[1].data).toMatchObject({ qty: 3 });
  });

  it('cancelling the rest gives back only what was not shipped; a second cancel is refused', () => {
    const shipped = run(() => decideSourceItems(shipment(7), sku, placed));
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
    ).toThrow(new Refusal('over_compensation', 'Cannot cancel 1 of A on order o1: only 0 left to ship'));
    expect(decideCancel({ orderId: 'o1' }, { order: closed.order })).toEqual({ skus: new Map() });
  });

  it('a cancel after ShipmentCreated and before the deduction keeps the shipped units held', () => {
    // Given 5 reserved and a shipment of 3 created, when the order is canceled, then only the 2
    // unshipped units go back; the 3 go back with the catalog's deduction, never twice.
    const inFlight = run(({ order }) => decideShipmentCreated(created(3), { order }));
    expect(inFlight.sku.reserved[1]).toBe(-5);
    const canceled = run(
      ({ order }) => decideShipmentCreated(created(3), { order }),
      ({ order }) => decideCancel({ orderId: 'o1' }, { order }),
    );
    expect(canceled.sku.reserved[1]).toBe(-3);
    expect(() =>
      decideCancel({ orderId: 'o1', items: [{ sku: 'A', qty: 1 }] }, { order: canceled.order }),
    ).toThrow(Refusal);
    const deducted = apply(
      canceled.sku,
      canceled.order,
      decideSourceItems(shipment(7), canceled.sku, canceled.order),
    );
    expect(deducted.sku.reserved[1]).toBe(0);
    expect(deducted.order.lines.A).toMatchObject({ ordered: 5, shipped: 3, canceled: 2, deducted: 3 });
  });

  it('a cancel counted before a shipment fulfillment made first yields to it: the shipped units are held again', () => {
    // Fulfillment shipped 3 before it saw the cancel; here the cancel came first and released all 5.
    const yielded = run(
      ({ order }) => decideCancel({ orderId: 'o1' }, { order }),
      ({ order }) => decideShipmentCreated(created(3), { order }),
    );
    expect(yielded.sku.reserved[1]).toBe(-3);
    expect(yielded.order.lines.A).toMatchObject({ shipped: 3, canceled: 2 });
    const deducted = apply(
      yielded.sku,
      yielded.order,
      decideSourceItems(shipment(7), yielded.sku, yielded.order),
    );
    expect(deducted.sku.reserved[1]).toBe(0);
  });

  it('refuses to cancel an order it never saw, and gives nothing back for a rejected one', () => {
    expect(() => decideCancel({ orderId: 'ghost' }, { order: undefined })).toThrow(Refusal);
    const rejected = evolveOrder(undefined, {
      type: 'OrderReservationRejected',
      data: { orderId: 'o2', lines: [{ sku: 'A', qty: 1, code: 'x', message: 'y' }] },
    });
    expect(decideCancel({ orderId: 'o2' }, { order: rejected })).toEqual({ skus: new Map() });
  });

  it('a refund before shipment releases those units, and shipping the rest leaves nothing reserved', () => {
    // Given 5 reserved, when 2 are refunded before shipping and the other 3 ship, then nothing is held
    // (ordered − max(shipped, refunded) − canceled kept 2 reserved for ever).
    const refunded = run(({ order }) => decideCreditMemo(memo('c1', 2, false), { order }));
    expect(refunded.sku.reserved[1]).toBe(-3);
    const shipped = run(
      ({ order }) => decideCreditMemo(memo('c1', 2, false), { order }),
      ({ order }) => decideShipmentCreated(created(3), { order }),
      (state) => decideSourceItems(shipment(7), state.sku, state.order),
    );
    expect(shipped.sku.reserved[1]).toBe(0);
    expect(shipped.order.lines.A).toMatchObject({
      ordered: 5,
      shipped: 3,
      refundedUnshipped: 2,
      deducted: 3,
    });
  });

  it('a credit memo releases only refunded units that never shipped', () => {
    const shipped = run(() => decideSourceItems(shipment(7), sku, placed)); // 3 of 5 shipped
    const refundShipped = decideCreditMemo(memo('c1', 2, true), { order: shipped.order });
    expect(types(refundShipped)).toEqual([]);
    expect(refundShipped.order?.events[0].data).toMatchObject({
      counter: 'refunded_shipped',
      units: 2,
      released: 0,
    });
    const afterFirst = apply(shipped.sku, shipped.order, refundShipped);
    const refundAll = decideCreditMemo(
      {
        creditMemoId: 'c2',
        orderId: 'o1',
        items: [
          { sku: 'A', qty: 1, returnToStock: false, sourceCode: null, shipped: true },
          { sku: 'A', qty: 2, returnToStock: false, sourceCode: null, shipped: false },
        ],
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

  it('splits a credit memo line of an older producer itself, shipped units first', () => {
    const shipped = run(() => decideSourceItems(shipment(7), sku, placed)); // 3 of 5 shipped
    const outcome = decideCreditMemo(memo('c1', 4), { order: shipped.order });
    expect(outcome.order?.events.map((e) => e.data)).toEqual([
      { sku: 'A', counter: 'refunded_shipped', units: 3, released: 0, creditMemoId: 'c1' },
      { sku: 'A', counter: 'refunded_unshipped', units: 1, released: 1, creditMemoId: 'c1' },
    ]);
  });

  it('counts a credit memo once, even published again under a new event id', () => {
    const refunded = run(({ order }) => decideCreditMemo(memo('c1', 2, false), { order }));
    expect(decideCreditMemo(memo('c1', 2, false), { order: refunded.order })).toEqual({ skus: new Map() });
    expect(decideCreditMemo(memo('c2', 2, false), { order: refunded.order }).skus.get('A')).toHaveLength(1);
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

  it('reads streams written before shipments and refunds were told apart', () => {
    const legacy = [
      { type: 'OrderLineSettled', data: { sku: 'A', counter: 'shipped', units: 2, released: 2 } },
      { type: 'OrderLineSettled', data: { sku: 'A', counter: 'refunded', units: 3, released: 1 } },
    ] as OrderEvent[];
    const order = legacy.reduce((state: OrderDecision, e) => evolveOrder(state, e), placed);
    expect(order.lines.A).toMatchObject({
      shipped: 2,
      deducted: 2,
      refundedShipped: 2,
      refundedUnshipped: 1,
    });
  });
});
