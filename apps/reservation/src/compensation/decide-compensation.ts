import { OrderCanceled, CreditMemoCreated, SourceItemsSaved, roundQty, sumQty } from '@inventory/contracts';
import { quantitiesBySku } from '../checkout/check-lines';
import { OrderDecision } from '../reserve-order/order-decision';
import { OpenReservation, SkuState, heldUnits, initialSkuState } from '../sku-state/sku-state';
import { NOTHING, Outcome, Refusal } from '../streams/outcome';
import { ReservationRef, SkuEvent, orderRef } from '../streams/stream-events';

type Counter = 'shipped' | 'refunded' | 'canceled';

/** The compensation a counter change causes: what the line held before minus what it holds after. */
function compensation(line: OpenReservation, counter: Counter, units: number): number {
  return roundQty(heldUnits(line) - heldUnits({ ...line, [counter]: roundQty(line[counter] + units) }));
}

/**
 * SourceItemsSaved → the SKU's source quantities, recorded. A shipment's deduction compensates the
 * order's reservation in the same append (DESIGN.md lifecycle step 2), so shipped units are never
 * counted twice nor not at all. The shipped quantity is the drop of each named source.
 */
export function decideSourceItems(event: SourceItemsSaved, state: SkuState): SkuEvent[] {
  const recorded: SkuEvent = {
    type: 'SourceItemsRecorded',
    data: {
      items: event.items.map(({ sourceCode, quantity, status }) => ({ sourceCode, quantity, status })),
      reason: event.reason,
      ...(event.shipmentId ? { shipmentId: event.shipmentId } : {}),
      ...(event.orderId ? { orderId: event.orderId } : {}),
    },
  };
  if (event.reason !== 'shipment' || !event.orderId) return [recorded];
  const shipped = sumQty(
    event.items.map((item) =>
      Math.max(0, roundQty((state.sources[item.sourceCode]?.quantity ?? 0) - item.quantity)),
    ),
  );
  if (shipped <= 0) return [recorded]; // a redelivered shipment: the quantities are already these
  const ref = orderRef(event.orderId);
  const line = state.open[ref];
  if (!line) {
    return [
      recorded,
      { type: 'CompensationRefused', data: { ref, qty: shipped, reason: 'no_open_reservation' } },
    ];
  }
  const qty = compensation(line, 'shipped', shipped);
  const excess = roundQty(shipped - (line.ordered - line.shipped - line.canceled));
  return [
    recorded,
    {
      type: 'ReservationCompensated',
      data: {
        ref,
        qty,
        reason: 'shipment',
        shipped,
        ...(event.shipmentId ? { shipmentId: event.shipmentId } : {}),
      },
    },
    ...(excess > 0
      ? [
          {
            type: 'CompensationRefused',
            data: { ref, qty: excess, reason: 'more_shipped_than_ordered' },
          } as SkuEvent,
        ]
      : []),
  ];
}

const skuState = (skus: ReadonlyMap<string, SkuState>, sku: string) => skus.get(sku) ?? initialSkuState(sku);

/** An order this service reserved, with its ref; undefined when it was rejected (nothing to give back). */
function reservedOrder(order: OrderDecision | undefined, orderId: string) {
  if (!order) throw new Refusal('unknown_order', `Order ${orderId} has no reservation here`);
  return order.outcome === 'reserved' ? { ref: orderRef(orderId), items: order.items } : undefined;
}

/**
 * OrderCanceled → every unshipped unit (no items) or the named units go back. Cancelling more than
 * the order still holds is refused as a whole, naming the line; nothing is half-applied.
 */
export function decideCancel(
  event: OrderCanceled,
  context: { order: OrderDecision | undefined; skus: ReadonlyMap<string, SkuState> },
): Outcome {
  const order = reservedOrder(context.order, event.orderId);
  if (!order) return NOTHING;
  const { ref } = order;
  const wanted = event.items
    ? quantitiesBySku(event.items)
    : new Map(
        [...quantitiesBySku(order.items).keys()].map((sku) => {
          const line = skuState(context.skus, sku).open[ref];
          return [sku, line ? heldUnits(line) : 0];
        }),
      );
  const skus = new Map<string, SkuEvent[]>();
  for (const [sku, units] of wanted) {
    const line = skuState(context.skus, sku).open[ref];
    const held = line ? heldUnits(line) : 0;
    if (units > held) {
      throw new Refusal(
        'over_compensation',
        `Cannot cancel ${units} of ${sku} on order ${event.orderId}: only ${held} still reserved`,
      );
    }
    if (!line || units === 0) continue;
    skus.set(sku, [compensated(ref, line, 'canceled', units, 'order_canceled')]);
  }
  return { skus };
}

/**
 * CreditMemoCreated → refunded units that were never shipped give their reservation back (Magento:
 * what is left to ship is ordered − max(shipped, refunded) − canceled). Refunds of shipped units
 * change nothing here; their return to stock comes through the catalog's source quantity.
 */
export function decideCreditMemo(
  event: CreditMemoCreated,
  context: { order: OrderDecision | undefined; skus: ReadonlyMap<string, SkuState> },
): Outcome {
  const ref = reservedOrder(context.order, event.orderId)?.ref;
  if (!ref) return NOTHING;
  const skus = new Map<string, SkuEvent[]>();
  for (const [sku, units] of quantitiesBySku(event.items)) {
    const line = skuState(context.skus, sku).open[ref];
    if (!line) continue;
    skus.set(sku, [
      compensated(ref, line, 'refunded', units, 'credit_memo', { creditMemoId: event.creditMemoId }),
    ]);
  }
  return { skus };
}

function compensated(
  ref: ReservationRef,
  line: OpenReservation,
  counter: Counter,
  units: number,
  reason: 'order_canceled' | 'credit_memo',
  extra: { creditMemoId?: string } = {},
): SkuEvent {
  return {
    type: 'ReservationCompensated',
    data: { ref, qty: compensation(line, counter, units), reason, [counter]: units, ...extra },
  };
}
