import { OrderLine } from '@inventory/contracts';
import { OrderEvent } from '../streams/stream-events';

/** The `order-<orderId>` stream, folded: the order's one reservation outcome. */
export interface OrderDecision {
  readonly orderId: string;
  readonly outcome: 'reserved' | 'rejected';
  readonly stockId: number | null;
  readonly items: readonly OrderLine[];
}

export function evolveOrder(_state: OrderDecision | undefined, event: OrderEvent): OrderDecision {
  switch (event.type) {
    case 'OrderReservationPlaced': {
      const { orderId, stockId, items } = event.data;
      return { orderId, outcome: 'reserved', stockId, items };
    }
    case 'OrderReservationRejected': {
      const { orderId, lines } = event.data;
      return {
        orderId,
        outcome: 'rejected',
        stockId: null,
        items: lines.map(({ sku, qty }) => ({ sku, qty })),
      };
    }
    default: {
      const unknown: never = event;
      throw new Error(`Unknown order event ${JSON.stringify(unknown)}`);
    }
  }
}
