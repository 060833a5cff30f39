import { OrderLine, roundQty } from '@inventory/contracts';
import {
  KitRecipe,
  LineUnits,
  adding,
  noUnits,
  reservedBeforeClamp,
  reservedUnits,
  recipesOf,
  splitRefund,
  stockUnitsOf,
} from '@inventory/order-lines';
import { LineCounter, OrderEvent } from '../streams/stream-events';

/** One SKU of a reserved order: the shared line counters, and which shipped units are deducted. */
export interface OrderLineState extends LineUnits {
  /** Shipped units whose deduction at their source is recorded: their reservation went back. */
  readonly deducted: number;
  /** Units the ops audit gave back (or took again, below zero) to agree with fulfillment. */
  readonly adjusted?: number;
}

/** A shipment's units of one SKU, and whether the catalog's deduction of them is recorded. */
export interface ShipmentPart {
  readonly units: number;
  readonly deducted: boolean;
}

/** The `order-<orderId>` stream, folded: the order's one reservation outcome and its lines. */
export interface OrderDecision {
  readonly orderId: string;
  readonly outcome: 'reserved' | 'rejected';
  readonly stockId: number | null;
  readonly items: readonly OrderLine[];
  /** The recipes of its kit lines, as reserved. */
  readonly kits?: readonly KitRecipe[];
  /** Per SKU whose stock it took (a kit line's components), for a reserved order. */
  readonly lines: Readonly<Record<string, OrderLineState>>;
  /**
   * Per shipment id and SKU. A shipment is heard of twice, in either order: fulfillment's
   * ShipmentCreated and the catalog's deduction; this makes each count once.
   */
  readonly shipments: Readonly<Record<string, Readonly<Record<string, ShipmentPart>>>>;
  /** Credit memos counted: one published again under a new event id counts once. */
  readonly creditMemos?: readonly string[];
}

/** Units the order still holds on its line: to ship, plus shipped units not deducted yet. */
export const heldUnits = (line: OrderLineState | undefined): number =>
  line ? reservedUnits(line, releasedElsewhere(line)) : 0;

/** Held units before clamping at zero (below zero: deducted beyond what the line had left). */
export const heldBeforeClamp = (line: OrderLineState): number =>
  reservedBeforeClamp(line, releasedElsewhere(line));

/** Units given back other than by a cancel or a refund: deductions, and the audit's adjustments. */
const releasedElsewhere = (line: OrderLineState) => roundQty(line.deducted + (line.adjusted ?? 0));

/** A line's counters once `units` more are counted under `counter`. */
export function countOn(line: OrderLineState, counter: LineCounter, units: number): OrderLineState {
  switch (counter) {
    case 'shipment_created':
      return adding(line, 'shipped', units);
    case 'deducted':
      return { ...line, deducted: roundQty(line.deducted + units) };
    case 'canceled':
      return adding(line, 'canceled', units);
    case 'uncanceled':
      return adding(line, 'canceled', -units);
    case 'refunded_shipped':
      return adding(line, 'refundedShipped', units);
    case 'refunded_unshipped':
      return adding(line, 'refundedUnshipped', units);
    case 'adjusted':
      return { ...line, adjusted: roundQty((line.adjusted ?? 0) + units) };
    case 'shipped':
      // Streams written before shipments were heard of from fulfillment: a deduction was both.
      return { ...adding(line, 'shipped', units), deducted: roundQty(line.deducted + units) };
    case 'refunded': {
      // Streams written before credit memos said which units had shipped: shipped units first.
      const split = splitRefund(line, units) ?? { shipped: units, unshipped: 0 };
      return adding(adding(line, 'refundedShipped', split.shipped), 'refundedUnshipped', split.unshipped);
    }
    default: {
      const unknown: never = counter;
      throw new Error(`Unknown line counter ${String(unknown)}`);
    }
  }
}

function countShipment(
  shipments: OrderDecision['shipments'],
  shipmentId: string,
  sku: string,
  part: ShipmentPart,
): OrderDecision['shipments'] {
  return { ...shipments, [shipmentId]: { ...shipments[shipmentId], [sku]: part } };
}

export function evolveOrder(state: OrderDecision | undefined, event: OrderEvent): OrderDecision {
  switch (event.type) {
    case 'OrderReservationPlaced': {
      const { orderId, stockId, items, kits } = event.data;
      const lines = Object.fromEntries(
        [...stockUnitsOf(items, recipesOf(kits))].map(([sku, ordered]) => [
          sku,
          { ...noUnits(ordered), deducted: 0 },
        ]),
      );
      return {
        orderId,
        outcome: 'reserved',
        stockId,
        items,
        lines,
        shipments: {},
        ...(kits ? { kits } : {}),
      };
    }
    case 'OrderReservationRejected': {
      const { orderId, lines } = event.data;
      const items = lines.map(({ sku, qty }) => ({ sku, qty }));
      return { orderId, outcome: 'rejected', stockId: null, items, lines: {}, shipments: {} };
    }
    case 'OrderLineSettled': {
      if (!state) throw new Error('OrderLineSettled before the order was decided');
      const { sku, counter, units, shipmentId, creditMemoId } = event.data;
      const line = countOn(state.lines[sku], counter, units);
      let shipments = state.shipments ?? {};
      if (shipmentId && counter === 'shipment_created')
        shipments = countShipment(shipments, shipmentId, sku, { units, deducted: false });
      if (shipmentId && counter === 'deducted')
        shipments = countShipment(shipments, shipmentId, sku, { units, deducted: true });
      const creditMemos =
        creditMemoId && !state.creditMemos?.includes(creditMemoId)
          ? [...(state.creditMemos ?? []), creditMemoId]
          : state.creditMemos;
      return {
        ...state,
        lines: { ...state.lines, [sku]: line },
        shipments,
        ...(creditMemos ? { creditMemos } : {}),
      };
    }
    default: {
      const unknown: never = event;
      throw new Error(`Unknown order event ${JSON.stringify(unknown)}`);
    }
  }
}
