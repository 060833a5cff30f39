import {
  CreditMemoCreated,
  OrderCanceled,
  ShipmentCreated,
  SourceItemsSaved,
  roundQty,
  sumQty,
} from '@inventory/contracts';
import {
  cancelable,
  recipesOf,
  splitRefund,
  stockUnitsOf,
  unitsBySku,
  yieldCanceled,
} from '@inventory/order-lines';
import {
  OrderDecision,
  OrderLineState,
  countOn,
  heldBeforeClamp,
  heldUnits,
} from '../reserve-order/order-decision';
import { SkuState } from '../sku-state/sku-state';
import { NOTHING, Outcome, Refusal } from '../streams/outcome';
import { CompensationReason, LineCounter, OrderEvent, SkuEvent, orderRef } from '../streams/stream-events';

interface Settlement {
  readonly sku: string;
  readonly counter: LineCounter;
  readonly units: number;
  readonly reason: CompensationReason;
  readonly shipmentId?: string;
  readonly creditMemoId?: string;
}

/** Counters after which a cancel counted here may have to yield (fulfillment decided them first). */
const OUTRANKS_CANCEL: readonly LineCounter[] = ['shipment_created', 'refunded_unshipped'];

/**
 * Counts units on the order's lines (order stream) and moves the SKU streams by what that changes
 * in the units held, in one outcome: the order stream's revision makes each settlement happen once.
 * Held units going down are given back (ReservationCompensated); going up (a cancel yielding to a
 * shipment) are taken again (StockReserved); a deduction beyond what the line held is recorded
 * (CompensationRefused), never given back twice.
 */
function settle(order: OrderDecision, settlements: readonly Settlement[]): Outcome {
  const ref = orderRef(order.orderId);
  const stockId = order.stockId ?? 0;
  const skus = new Map<string, SkuEvent[]>();
  const events: OrderEvent[] = [];
  const lines: Record<string, OrderLineState> = { ...order.lines };
  const skuEvent = (sku: string, event: SkuEvent) => skus.set(sku, [...(skus.get(sku) ?? []), event]);

  const count = (settlement: Settlement) => {
    const { sku, counter, units, reason, shipmentId, creditMemoId } = settlement;
    const before = lines[sku];
    const after = countOn(before, counter, units);
    lines[sku] = after;
    const released = roundQty(heldUnits(before) - heldUnits(after));
    const documents = { ...(shipmentId ? { shipmentId } : {}), ...(creditMemoId ? { creditMemoId } : {}) };
    events.push({ type: 'OrderLineSettled', data: { sku, counter, units, released, ...documents } });
    if (released > 0) {
      skuEvent(sku, {
        type: 'ReservationCompensated',
        data: { ref, stockId, qty: released, reason, ...documents },
      });
    } else if (released < 0) {
      skuEvent(sku, { type: 'StockReserved', data: { ref, stockId, qty: -released } });
    }
    const beyond = counter === 'deducted' ? roundQty(units - Math.max(0, released)) : 0;
    if (beyond > 0) {
      skuEvent(sku, {
        type: 'CompensationRefused',
        data: { ref, qty: beyond, reason: 'more_shipped_than_ordered' },
      });
    }
    if (OUTRANKS_CANCEL.includes(counter)) {
      const yielded = roundQty(after.canceled - yieldCanceled(after).canceled);
      if (yielded > 0) count({ sku, counter: 'uncanceled', units: yielded, reason });
    }
  };
  settlements.forEach(count);
  return { skus, order: { orderId: order.orderId, events } };
}

/** An order this service reserved; undefined when it was rejected (nothing to give back). */
function reservedOrder(order: OrderDecision | undefined, orderId: string): OrderDecision | undefined {
  if (!order) throw new Refusal('unknown_order', `Order ${orderId} has no reservation here`);
  return order.outcome === 'reserved' ? order : undefined;
}

/** Whether this shipment's units of the SKU are already counted (and deducted). */
const shipmentPart = (order: OrderDecision, shipmentId: string, sku: string) =>
  order.shipments?.[shipmentId]?.[sku];

/**
 * ShipmentCreated → the shipped units are counted on their lines: no longer cancelable, still held
 * until the catalog's deduction (lifecycle step 2), so no cancel arriving meanwhile can release them.
 * A shipment whose deduction came first is already counted.
 */
export function decideShipmentCreated(
  event: ShipmentCreated,
  context: { order: OrderDecision | undefined },
): Outcome {
  const order = reservedOrder(context.order, event.orderId);
  if (!order) return NOTHING;
  const settlements = [...unitsBySku(event.items)]
    .filter(([sku]) => order.lines[sku] && !shipmentPart(order, event.shipmentId, sku))
    .map(([sku, units]): Settlement => ({
      sku,
      counter: 'shipment_created',
      units,
      reason: 'shipment',
      shipmentId: event.shipmentId,
    }));
  return settlements.length ? settle(order, settlements) : NOTHING;
}

/** Units a shipment's deduction took: said by the catalog, or (older events) the drop of each source. */
function shippedUnits(event: SourceItemsSaved, state: SkuState): number {
  if (event.shippedQty !== undefined) return event.shippedQty;
  return sumQty(
    event.items.map((item) =>
      Math.max(0, roundQty((state.sources[item.sourceCode]?.quantity ?? 0) - item.quantity)),
    ),
  );
}

/**
 * SourceItemsSaved → the SKU's source quantities, recorded. A shipment's deduction compensates the
 * order's reservation in the same append (lifecycle step 2), so shipped units are never counted
 * twice nor not at all; a deduction heard of again (by shipment id) gives nothing back again.
 */
export function decideSourceItems(event: SourceItemsSaved, state: SkuState, order?: OrderDecision): Outcome {
  const recorded: SkuEvent = {
    type: 'SourceItemsRecorded',
    data: {
      items: event.items.map(({ sourceCode, quantity, status }) => ({ sourceCode, quantity, status })),
      reason: event.reason,
      ...(event.shipmentId ? { shipmentId: event.shipmentId } : {}),
      ...(event.orderId ? { orderId: event.orderId } : {}),
      ...(event.version === undefined ? {} : { version: event.version }),
    },
  };
  const only = (...events: SkuEvent[]): Outcome => ({ skus: new Map([[event.sku, [recorded, ...events]]]) });
  if (event.reason !== 'shipment' || !event.orderId) return only();
  const { sku, shipmentId, orderId } = event;
  const shipped = shippedUnits(event, state);
  if (shipped <= 0) return only(); // an older event without shippedQty, delivered again
  const ref = orderRef(orderId);
  if (!order?.lines[sku] || order.outcome !== 'reserved') {
    return only({ type: 'CompensationRefused', data: { ref, qty: shipped, reason: 'no_open_reservation' } });
  }
  const part = shipmentId ? shipmentPart(order, shipmentId, sku) : undefined;
  if (part?.deducted) return only();
  const settled = settle(order, [
    ...(part
      ? []
      : [{ sku, counter: 'shipment_created', units: shipped, reason: 'shipment', shipmentId } as const]),
    { sku, counter: 'deducted', units: part?.units ?? shipped, reason: 'shipment', shipmentId },
  ]);
  return { ...settled, skus: new Map([[sku, [recorded, ...(settled.skus.get(sku) ?? [])]]]) };
}

/**
 * OrderCanceled → every unit still to ship (no items) or the named units go back (a kit line's:
 * its components', by the recipe the order was reserved with). Units in a
 * shipment, deducted or not, are not cancelable. Cancelling more than is left to ship is refused
 * as a whole, naming the line; nothing is half-applied.
 */
export function decideCancel(event: OrderCanceled, context: { order: OrderDecision | undefined }): Outcome {
  const order = reservedOrder(context.order, event.orderId);
  if (!order) return NOTHING;
  const wanted = event.items
    ? stockUnitsOf(event.items, recipesOf(order.kits))
    : new Map(Object.entries(order.lines).map(([sku, line]) => [sku, cancelable(line)]));
  const settlements: Settlement[] = [];
  for (const [sku, units] of wanted) {
    const line = order.lines[sku];
    const left = line ? cancelable(line) : 0;
    if (units > left) {
      throw new Refusal(
        'over_compensation',
        `Cannot cancel ${units} of ${sku} on order ${event.orderId}: only ${left} left to ship`,
      );
    }
    if (units > 0) settlements.push({ sku, counter: 'canceled', units, reason: 'order_canceled' });
  }
  return settlements.length ? settle(order, settlements) : NOTHING;
}

/**
 * The ops audit: fulfillment says the line should hold `expected` units (what it has to ship, plus
 * shipped units not yet deducted); what this service holds is brought to that, given back or taken
 * again. Nothing when they already agree, so running the audit again changes nothing.
 */
export function decideAuditAdjustment(order: OrderDecision, sku: string, expected: number): Outcome {
  const line = order.lines[sku];
  if (!line || order.outcome !== 'reserved') return NOTHING;
  // From the unclamped count, so one adjustment lands exactly on `expected`.
  const difference = roundQty(heldBeforeClamp(line) - expected);
  if (difference === 0) return NOTHING;
  return settle(order, [{ sku, counter: 'adjusted', units: difference, reason: 'audit' }]);
}

/**
 * CreditMemoCreated → refunded units that never shipped are no longer to ship and their reservation
 * goes back; refunds of shipped units release nothing here (their return to stock comes through
 * the catalog's source quantity). Each line says whether its units had shipped; a line of an older
 * producer that does not is split here, shipped units first.
 */
export function decideCreditMemo(
  event: CreditMemoCreated,
  context: { order: OrderDecision | undefined },
): Outcome {
  const order = reservedOrder(context.order, event.orderId);
  if (!order || order.creditMemos?.includes(event.creditMemoId)) return NOTHING;
  const lines = { ...order.lines };
  const settlements: Settlement[] = [];
  for (const { sku, qty, shipped } of event.items) {
    const line = lines[sku];
    if (!line) continue;
    const split =
      shipped === undefined
        ? (splitRefund(line, qty) ?? { shipped: qty, unshipped: 0 })
        : shipped
          ? { shipped: qty, unshipped: 0 }
          : { shipped: 0, unshipped: qty };
    const { creditMemoId } = event;
    for (const [counter, units] of [
      ['refunded_shipped', split.shipped],
      ['refunded_unshipped', split.unshipped],
    ] as const) {
      if (units <= 0) continue;
      settlements.push({ sku, counter, units, reason: 'credit_memo', creditMemoId });
      lines[sku] = countOn(lines[sku], counter, units);
    }
  }
  return settlements.length ? settle(order, settlements) : NOTHING;
}
