import { OrderLine } from '@inventory/contracts';
import { KitRecipe, recipesOf, recipesUsed, stockUnitsOf } from '@inventory/order-lines';
import { Configuration, kitsOf, stockOfChannel } from '../configuration/configuration';
import { SkuState } from '../sku-state/sku-state';
import { NOTHING, Outcome, Refusal } from '../streams/outcome';
import { CompensationReason, HoldEvent, SkuEvent, holdRef } from '../streams/stream-events';
import { checkLines, rejectedLines } from '../checkout/check-lines';

export interface HoldState {
  readonly holdId: string;
  readonly salesChannel: string;
  readonly stockId: number;
  readonly items: readonly OrderLine[];
  readonly expiresAt: string;
  /** The recipes its kit lines were held by. */
  readonly kits?: readonly KitRecipe[];
  readonly releasedBecause: 'expired' | 'released' | 'converted' | null;
}

export function evolveHold(state: HoldState | undefined, event: HoldEvent): HoldState | undefined {
  switch (event.type) {
    case 'HoldPlaced':
      return { ...event.data, releasedBecause: null };
    case 'HoldReleased':
      return state && { ...state, releasedBecause: event.data.reason };
    default: {
      const unknown: never = event;
      throw new Error(`Unknown hold event ${JSON.stringify(unknown)}`);
    }
  }
}

export interface PlaceHold {
  readonly holdId: string;
  readonly salesChannel: string;
  readonly items: readonly OrderLine[];
  readonly expiresAt: Date;
}

/** A cart hold reserves like an order, all lines or none; a refusal names each line's problem. */
export function decideHold(
  command: PlaceHold,
  context: { configuration: Configuration; skus: ReadonlyMap<string, SkuState> },
): Outcome {
  const stockId = stockOfChannel(context.configuration, command.salesChannel);
  if (stockId === undefined) {
    const message = `Sales channel "${command.salesChannel}" is not assigned to any stock`;
    throw new Refusal('sales_channel_not_found', message, {
      kind: 'not_found',
      errors: [{ field: 'salesChannel', problems: [message] }],
    });
  }
  const checks = checkLines(stockId, command.items, context.configuration, context.skus);
  if ([...checks.values()].some((check) => !check.isSalable)) {
    throw new HoldRefused(rejectedLines(command.items, checks));
  }
  const ref = holdRef(command.holdId);
  const kits = recipesUsed(command.items, kitsOf(context.configuration));
  return {
    skus: new Map(
      [...stockUnitsOf(command.items, recipesOf(kits))].map(([sku, qty]) => [
        sku,
        [{ type: 'StockReserved', data: { ref, stockId, qty } }] as SkuEvent[],
      ]),
    ),
    hold: {
      holdId: command.holdId,
      events: [
        {
          type: 'HoldPlaced',
          data: {
            holdId: command.holdId,
            salesChannel: command.salesChannel,
            stockId,
            items: command.items,
            expiresAt: command.expiresAt.toISOString(),
            ...(kits.length ? { kits } : {}),
          },
        },
      ],
    },
  };
}

/** One hold of a batch decided: what it records, or why it is refused (nothing recorded for it). */
export type HoldDecision = { readonly outcome: Outcome } | { readonly refusal: HoldRefused | Refusal };

/** Some line cannot be held: 409 `not_salable`, each line's problem under `items.<index>`. */
export class HoldRefused extends Refusal {
  constructor(readonly lines: ReturnType<typeof rejectedLines>) {
    super('not_salable', 'The hold cannot be placed', {
      errors: lines.map((line, index) => ({
        field: `items.${index}`,
        problems: [`${line.code}: ${line.message}`],
      })),
    });
  }
}

const COMPENSATION_OF = {
  expired: 'hold_expired',
  released: 'hold_released',
  converted: 'hold_converted',
} as const satisfies Record<string, CompensationReason>;

/**
 * Gives a hold's units back, once: a hold already released (or unknown) releases nothing. The
 * hold stream's revision makes the release happen once however many instances try.
 */
export function releaseHoldEvents(
  hold: HoldState | undefined,
  reason: 'expired' | 'released' | 'converted',
  orderId?: string,
): Pick<Outcome, 'skus' | 'hold'> {
  if (!hold || hold.releasedBecause) return NOTHING;
  const ref = holdRef(hold.holdId);
  const skuEvents = new Map<string, SkuEvent[]>(
    [...stockUnitsOf(hold.items, recipesOf(hold.kits))].map(([sku, qty]) => [
      sku,
      [
        {
          type: 'ReservationCompensated',
          data: { ref, stockId: hold.stockId, qty, reason: COMPENSATION_OF[reason] },
        },
      ],
    ]),
  );
  return {
    skus: skuEvents,
    hold: {
      holdId: hold.holdId,
      events: [
        { type: 'HoldReleased', data: { holdId: hold.holdId, reason, ...(orderId ? { orderId } : {}) } },
      ],
    },
  };
}
