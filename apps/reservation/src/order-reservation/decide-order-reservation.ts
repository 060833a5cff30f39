import { OrderPlaced, RejectedLine, sumQty } from '@inventory/contracts';
import { StockPosition, salableQuantity } from '../stock-position/stock-position';

export type ReservationDecision =
  | { readonly kind: 'reserve'; readonly stockId: number; readonly quantities: ReadonlyMap<string, number> }
  | { readonly kind: 'reject'; readonly lines: readonly RejectedLine[] };

export interface ReservationContext {
  /** The stock a sales channel sells from, or undefined when the channel is unknown. */
  readonly stockOfChannel: (salesChannel: string) => number | undefined;
  readonly positions: ReadonlyMap<string, StockPosition>;
}

/** Total quantity asked per SKU: an order may name one SKU on several lines. */
export function quantitiesBySku(order: Pick<OrderPlaced, 'items'>): Map<string, number> {
  const totals = new Map<string, number[]>();
  for (const line of order.items) totals.set(line.sku, [...(totals.get(line.sku) ?? []), line.qty]);
  return new Map([...totals].map(([sku, qtys]) => [sku, sumQty(qtys)]));
}

/** All lines of an order are reserved, or none: each refused line says why. */
export function decideOrderReservation(order: OrderPlaced, context: ReservationContext): ReservationDecision {
  const stockId = context.stockOfChannel(order.salesChannel);
  if (stockId === undefined) {
    const message = `Sales channel "${order.salesChannel}" is not assigned to any stock`;
    return {
      kind: 'reject',
      lines: order.items.map(({ sku, qty }) => ({ sku, qty, code: 'sales_channel_not_found', message })),
    };
  }
  const wanted = quantitiesBySku(order);
  const short = new Set(
    [...wanted]
      .filter(([sku, qty]) => {
        const position = context.positions.get(sku);
        return position === undefined || qty > salableQuantity(position);
      })
      .map(([sku]) => sku),
  );
  if (short.size === 0) return { kind: 'reserve', stockId, quantities: wanted };
  return {
    kind: 'reject',
    lines: order.items.map(({ sku, qty }) =>
      short.has(sku)
        ? { sku, qty, code: 'not_enough_qty', message: 'Not enough items for sale' }
        : {
            sku,
            qty,
            code: 'order_not_reserved',
            message: 'Not reserved because another line of the order cannot be',
          },
    ),
  };
}
