import { OrderLine, RejectedLine } from '@inventory/contracts';
import { recipesOf, recipesUsed, stockUnitsOf } from '@inventory/order-lines';
import { Configuration, kitsOf, stockOfChannel } from '../configuration/configuration';
import { checkLines, checkStockUnits, rejectedLines, stockBackorders } from '../checkout/check-lines';
import { SkuState, evolveSku, initialSkuState } from '../sku-state/sku-state';
import { HoldState, releaseHoldEvents } from '../holds/hold-state';
import { NOTHING, Outcome } from '../streams/outcome';
import { SkuEvent, orderRef } from '../streams/stream-events';

export interface PlaceOrder {
  readonly orderId: string;
  readonly salesChannel: string;
  readonly items: readonly OrderLine[];
  /** The cart hold this order converts: its units are released in the same append. */
  readonly holdId?: string;
}

export interface OrderContext {
  readonly configuration: Configuration;
  readonly skus: ReadonlyMap<string, SkuState>;
  /** The order stream already has an outcome: a redelivery or a second OrderPlaced. */
  readonly alreadyDecided: boolean;
  readonly hold?: HoldState;
  /** Today (ISO date), for the backorders' expected ship dates (without it: dated by incoming only). */
  readonly today?: string;
}

/**
 * OrderPlaced → every line reserved in the channel's stock, or none (each refused line with
 * Magento's code and message). Decided once per order id. A kit line reserves its components, and
 * the order records the kits' recipes: its cancels give back what was taken, whatever the catalog
 * defines later.
 */
export function decideOrder(command: PlaceOrder, context: OrderContext): Outcome {
  if (context.alreadyDecided) return NOTHING;
  const { orderId, salesChannel, items } = command;
  const reject = (lines: RejectedLine[]): Outcome => ({
    skus: new Map(),
    order: { orderId, events: [{ type: 'OrderReservationRejected', data: { orderId, lines } }] },
  });
  const stockId = stockOfChannel(context.configuration, salesChannel);
  if (stockId === undefined) {
    const message = `Sales channel "${salesChannel}" is not assigned to any stock`;
    return reject(items.map(({ sku, qty }) => ({ sku, qty, code: 'sales_channel_not_found', message })));
  }

  // Converting a hold: its units go back first, so the order can take them.
  const released = command.holdId ? releaseHoldEvents(context.hold, 'converted', orderId) : undefined;
  const skus = new Map(context.skus);
  const skuEvents = new Map<string, SkuEvent[]>();
  for (const [sku, events] of released?.skus ?? []) {
    skus.set(sku, events.reduce(evolveSku, context.skus.get(sku) ?? initialSkuState(sku)));
    skuEvents.set(sku, [...events]);
  }

  const stockChecks = checkStockUnits(stockId, items, context.configuration, skus);
  const checks = checkLines(stockId, items, context.configuration, skus, stockChecks);
  if ([...checks.values()].some((check) => !check.isSalable)) return reject(rejectedLines(items, checks));

  // What ships late, per SKU that ships (a kit line's components), each counted once.
  const backorders = stockBackorders(stockId, stockChecks, context.configuration, skus, context.today);
  // A kit line reserves its components; what every line takes of one SKU is one reservation.
  const kits = recipesUsed(items, kitsOf(context.configuration));
  for (const [sku, qty] of stockUnitsOf(items, recipesOf(kits))) {
    skuEvents.set(sku, [
      ...(skuEvents.get(sku) ?? []),
      { type: 'StockReserved', data: { ref: orderRef(orderId), stockId, qty } },
    ]);
  }
  return {
    skus: skuEvents,
    order: {
      orderId,
      events: [
        {
          type: 'OrderReservationPlaced',
          data: {
            orderId,
            stockId,
            salesChannel,
            items,
            ...(command.holdId ? { holdId: command.holdId } : {}),
            ...(kits.length ? { kits } : {}),
            ...(backorders.length ? { backorders } : {}),
          },
        },
      ],
    },
    hold: released?.hold,
  };
}
