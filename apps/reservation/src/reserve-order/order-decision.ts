import { OrderLine, roundQty } from '@inventory/contracts';
import { quantitiesBySku } from '../checkout/check-lines';
import { LineCounter, OrderEvent } from '../streams/stream-events';

/** One SKU of a reserved order and what has happened to its units since. */
export interface OrderLineState {
  readonly ordered: number;
  readonly shipped: number;
  readonly refunded: number;
  readonly canceled: number;
}

/** The `order-<orderId>` stream, folded: the order's one reservation outcome and its lines. */
export interface OrderDecision {
  readonly orderId: string;
  readonly outcome: 'reserved' | 'rejected';
  readonly stockId: number | null;
  readonly items: readonly OrderLine[];
  /** Per SKU, for a reserved order. */
  readonly lines: Readonly<Record<string, OrderLineState>>;
}

/**
 * Units still held: Magento's qty to ship, ordered − max(shipped, refunded) − canceled. A refund
 * of shipped units gives nothing back; a refund beyond what shipped releases unshipped units.
 */
export const heldUnits = (line: OrderLineState | undefined): number =>
  line ? Math.max(0, roundQty(line.ordered - Math.max(line.shipped, line.refunded) - line.canceled)) : 0;

/** What counting `units` more under `counter` gives back. */
export function releasedBy(line: OrderLineState, counter: LineCounter, units: number): number {
  return roundQty(heldUnits(line) - heldUnits({ ...line, [counter]: roundQty(line[counter] + units) }));
}

export function evolveOrder(state: OrderDecision | undefined, event: OrderEvent): OrderDecision {
  switch (event.type) {
    case 'OrderReservationPlaced': {
      const { orderId, stockId, items } = event.data;
      const lines = Object.fromEntries(
        [...quantitiesBySku(items)].map(([sku, ordered]) => [
          sku,
          { ordered, shipped: 0, refunded: 0, canceled: 0 },
        ]),
      );
      return { orderId, outcome: 'reserved', stockId, items, lines };
    }
    case 'OrderReservationRejected': {
      const { orderId, lines } = event.data;
      const items = lines.map(({ sku, qty }) => ({ sku, qty }));
      return { orderId, outcome: 'rejected', stockId: null, items, lines: {} };
    }
    case 'OrderLineSettled': {
      if (!state) throw new Error('OrderLineSettled before the order was decided');
      const { sku, counter, units } = event.data;
      const line = state.lines[sku];
      return {
        ...state,
        lines: { ...state.lines, [sku]: { ...line, [counter]: roundQty(line[counter] + units) } },
      };
    }
    default: {
      const unknown: never = event;
      throw new Error(`Unknown order event ${JSON.stringify(unknown)}`);
    }
  }
}
