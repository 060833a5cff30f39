import { CreditMemoCreated, OrderCanceled, SourceItemsSaved, roundQty, sumQty } from '@inventory/contracts';
import { quantitiesBySku } from '../checkout/check-lines';
import { OrderDecision, heldUnits, releasedBy } from '../reserve-order/order-decision';
import { SkuState } from '../sku-state/sku-state';
import { NOTHING, Outcome, Refusal } from '../streams/outcome';
import { CompensationReason, LineCounter, OrderEvent, SkuEvent, orderRef } from '../streams/stream-events';

interface Settlement {
  readonly sku: string;
  readonly counter: LineCounter;
  readonly units: number;
  readonly reason: CompensationReason;
  readonly extra?: { readonly shipmentId?: string; readonly creditMemoId?: string };
}

/**
 * Counts units on the order's lines (order stream) and gives back what that releases (SKU
 * streams), in one outcome: the order stream's revision makes each settlement happen once.
 */
function settle(order: OrderDecision, settlements: readonly Settlement[]): Outcome {
  const ref = orderRef(order.orderId);
  const skus = new Map<string, SkuEvent[]>();
  const events: OrderEvent[] = [];
  let lines = order.lines;
  for (const { sku, counter, units, reason, extra } of settlements) {
    const line = lines[sku];
    const released = releasedBy(line, counter, units);
    lines = { ...lines, [sku]: { ...line, [counter]: roundQty(line[counter] + units) } };
    events.push({ type: 'OrderLineSettled', data: { sku, counter, units, released } });
    if (released > 0 && order.stockId !== null) {
      const compensated: SkuEvent = {
        type: 'ReservationCompensated',
        data: { ref, stockId: order.stockId, qty: released, reason, ...extra },
      };
      skus.set(sku, [...(skus.get(sku) ?? []), compensated]);
    }
  }
  return { skus, order: { orderId: order.orderId, events } };
}

/** An order this service reserved; undefined when it was rejected (nothing to give back). */
function reservedOrder(order: OrderDecision | undefined, orderId: string): OrderDecision | undefined {
  if (!order) throw new Refusal('unknown_order', `Order ${orderId} has no reservation here`);
  return order.outcome === 'reserved' ? order : undefined;
}

/**
 * SourceItemsSaved → the SKU's source quantities, recorded. A shipment's deduction compensates the
 * order's reservation in the same append (DESIGN.md lifecycle step 2), so shipped units are never
 * counted twice nor not at all. The shipped quantity is the drop of each named source.
 */
export function decideSourceItems(event: SourceItemsSaved, state: SkuState, order?: OrderDecision): Outcome {
  const recorded: SkuEvent = {
    type: 'SourceItemsRecorded',
    data: {
      items: event.items.map(({ sourceCode, quantity, status }) => ({ sourceCode, quantity, status })),
      reason: event.reason,
      ...(event.shipmentId ? { shipmentId: event.shipmentId } : {}),
      ...(event.orderId ? { orderId: event.orderId } : {}),
    },
  };
  const only = (...events: SkuEvent[]): Outcome => ({ skus: new Map([[event.sku, [recorded, ...events]]]) });
  if (event.reason !== 'shipment' || !event.orderId) return only();
  const shipped = sumQty(
    event.items.map((item) =>
      Math.max(0, roundQty((state.sources[item.sourceCode]?.quantity ?? 0) - item.quantity)),
    ),
  );
  if (shipped <= 0) return only(); // a redelivered shipment: the quantities are already these
  const ref = orderRef(event.orderId);
  const line = order?.lines[event.sku];
  if (!order || !line) {
    return only({ type: 'CompensationRefused', data: { ref, qty: shipped, reason: 'no_open_reservation' } });
  }
  const excess = roundQty(shipped - (line.ordered - line.shipped - line.canceled));
  const settled = settle(order, [
    {
      sku: event.sku,
      counter: 'shipped',
      units: shipped,
      reason: 'shipment',
      extra: { shipmentId: event.shipmentId },
    },
  ]);
  const refused: SkuEvent[] =
    excess > 0
      ? [{ type: 'CompensationRefused', data: { ref, qty: excess, reason: 'more_shipped_than_ordered' } }]
      : [];
  return {
    ...settled,
    skus: new Map([[event.sku, [recorded, ...(settled.skus.get(event.sku) ?? []), ...refused]]]),
  };
}

/**
 * OrderCanceled → every unshipped unit (no items) or the named units go back. Cancelling more than
 * the order still holds is refused as a whole, naming the line; nothing is half-applied.
 */
export function decideCancel(event: OrderCanceled, context: { order: OrderDecision | undefined }): Outcome {
  const order = reservedOrder(context.order, event.orderId);
  if (!order) return NOTHING;
  const wanted = event.items
    ? quantitiesBySku(event.items)
    : new Map(Object.entries(order.lines).map(([sku, line]) => [sku, heldUnits(line)]));
  const settlements: Settlement[] = [];
  for (const [sku, units] of wanted) {
    const held = heldUnits(order.lines[sku]);
    if (units > held) {
      throw new Refusal(
        'over_compensation',
        `Cannot cancel ${units} of ${sku} on order ${event.orderId}: only ${held} still reserved`,
      );
    }
    if (units > 0) settlements.push({ sku, counter: 'canceled', units, reason: 'order_canceled' });
  }
  return settlements.length ? settle(order, settlements) : NOTHING;
}

/**
 * CreditMemoCreated → refunded units that were never shipped give their reservation back (Magento:
 * what is left to ship is ordered − max(shipped, refunded) − canceled). Refunds of shipped units
 * release nothing here; their return to stock comes through the catalog's source quantity.
 */
export function decideCreditMemo(
  event: CreditMemoCreated,
  context: { order: OrderDecision | undefined },
): Outcome {
  const order = reservedOrder(context.order, event.orderId);
  if (!order) return NOTHING;
  const settlements = [...quantitiesBySku(event.items)]
    .filter(([sku]) => order.lines[sku])
    .map(([sku, units]): Settlement => ({
      sku,
      counter: 'refunded',
      units,
      reason: 'credit_memo',
      extra: { creditMemoId: event.creditMemoId },
    }));
  return settlements.length ? settle(order, settlements) : NOTHING;
}
