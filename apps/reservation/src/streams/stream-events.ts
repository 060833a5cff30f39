import {
  Backorders,
  OrderLine,
  RejectedLine,
  SourceItemStatus,
  SourceItemsSavedReason,
  StoredSettings,
} from '@inventory/contracts';
import { KitPart, KitRecipe } from '@inventory/order-lines';

/**
 * The reservation service's event-store streams. Everything salable quantity depends on is
 * recorded here, so the projections can be rebuilt from the store alone:
 * - `sku-<SKU>`: source quantities, the SKU's setting overrides, reservations and compensations
 *   (sums per stock only, so a hot SKU's state does not grow with its orders);
 * - `configuration`: stocks (source links, channels), enabled sources, the global settings and
 *   the kits' components;
 * - `order-<orderId>`: the one reservation outcome of an order (created with no_stream: decided once)
 *   and each line's shipped / refunded / canceled units, which make every compensation happen once;
 * - `hold-<holdId>`: a cart hold and its release.
 */
const SKU_STREAM_PREFIX = 'sku-';
export const skuStream = (sku: string) => `${SKU_STREAM_PREFIX}${sku}`;
/** The SKU whose stream this is, or undefined for another stream. */
export const skuOfStream = (streamId: string): string | undefined =>
  streamId.startsWith(SKU_STREAM_PREFIX) ? streamId.slice(SKU_STREAM_PREFIX.length) : undefined;
export const ORDER_STREAM_PREFIX = 'order-';
export const orderStream = (orderId: string) => `${ORDER_STREAM_PREFIX}${orderId}`;
export const holdStream = (holdId: string) => `hold-${holdId}`;
export const CONFIGURATION_STREAM = 'configuration';

/** Who holds a reservation: an order or a cart hold, written `order:<id>` / `hold:<id>`. */
export type ReservationRef = `order:${string}` | `hold:${string}`;
export const orderRef = (orderId: string): ReservationRef => `order:${orderId}`;
export const holdRef = (holdId: string): ReservationRef => `hold:${holdId}`;

export function parseRef(ref: ReservationRef): { kind: 'order' | 'hold'; id: string } {
  const colon = ref.indexOf(':');
  return { kind: ref.slice(0, colon) as 'order' | 'hold', id: ref.slice(colon + 1) };
}

export const COMPENSATION_REASONS = [
  'shipment',
  'order_canceled',
  'credit_memo',
  'hold_expired',
  'hold_released',
  'hold_converted',
  'audit',
] as const;
export type CompensationReason = (typeof COMPENSATION_REASONS)[number];

export interface SourceQuantity {
  readonly sourceCode: string;
  readonly quantity: number;
  readonly status: SourceItemStatus;
}

export type SkuEvent =
  | {
      readonly type: 'SourceItemsRecorded';
      readonly data: {
        readonly items: readonly SourceQuantity[];
        readonly reason: SourceItemsSavedReason;
        readonly shipmentId?: string;
        readonly orderId?: string;
        /** The catalog version of these items (absent in streams written before). */
        readonly version?: number;
      };
    }
  | {
      readonly type: 'SourceItemsRemoved';
      readonly data: { readonly sourceCodes: readonly string[]; readonly version?: number };
    }
  | {
      readonly type: 'ProductSettingsRecorded';
      readonly data: { readonly settings: StoredSettings; readonly version?: number };
    }
  | {
      readonly type: 'StockReserved';
      readonly data: { readonly ref: ReservationRef; readonly stockId: number; readonly qty: number };
    }
  | {
      readonly type: 'ReservationCompensated';
      readonly data: {
        readonly ref: ReservationRef;
        readonly stockId: number;
        /** Units the reservation gives back (its stock's `reserved` rises by this). */
        readonly qty: number;
        readonly reason: CompensationReason;
        readonly shipmentId?: string;
        readonly creditMemoId?: string;
      };
    }
  | {
      /**
       * Units on their way to a source (`ref`: `po:<purchaseOrderId>` or `transfer:<transferId>`),
       * more (placed, shipped) or fewer (received, canceled); what backorders are dated by.
       */
      readonly type: 'IncomingChanged';
      readonly data: {
        readonly ref: string;
        readonly sourceCode: string;
        readonly delta: number;
        readonly expectedAt: string | null;
      };
    }
  | {
      /** Kept for audit: a compensation asked for more than was still reserved. */
      readonly type: 'CompensationRefused';
      readonly data: { readonly ref: ReservationRef; readonly qty: number; readonly reason: string };
    };

/** `version`: the catalog version of the event recorded (absent in streams written before). */
export type ConfigurationEvent =
  | {
      readonly type: 'StockRecorded';
      readonly data: {
        readonly stockId: number;
        readonly sourceCodes: readonly string[];
        readonly salesChannels: readonly string[];
        readonly version?: number;
      };
    }
  | { readonly type: 'StockRemoved'; readonly data: { readonly stockId: number; readonly version?: number } }
  | {
      readonly type: 'SourceRecorded';
      readonly data: { readonly code: string; readonly enabled: boolean; readonly version?: number };
    }
  | {
      readonly type: 'GlobalSettingsRecorded';
      readonly data: { readonly settings: StoredSettings; readonly version?: number };
    }
  | {
      /** The SKU is a kit of these components (none: no longer a kit). */
      readonly type: 'KitRecorded';
      readonly data: {
        readonly sku: string;
        readonly components: readonly KitPart[];
        readonly version?: number;
      };
    };

export type OrderEvent =
  | {
      readonly type: 'OrderReservationPlaced';
      readonly data: {
        readonly orderId: string;
        readonly stockId: number;
        readonly salesChannel: string;
        readonly items: readonly OrderLine[];
        readonly holdId?: string;
        /** The recipes its kit lines were reserved by: what their cancels give back. */
        readonly kits?: readonly KitRecipe[];
        /** The SKUs reserved on backorder, and when they are expected to ship. */
        readonly backorders?: readonly {
          readonly sku: string;
          readonly qty: number;
          readonly expectedShipDate: string | null;
        }[];
      };
    }
  | {
      readonly type: 'OrderReservationRejected';
      readonly data: { readonly orderId: string; readonly lines: readonly RejectedLine[] };
    }
  | {
      /**
       * Units of a reserved line counted under one counter, and what that gave back to the SKU
       * stream (negative: taken again, when a cancel counted here yields to a shipment).
       */
      readonly type: 'OrderLineSettled';
      readonly data: {
        readonly sku: string;
        readonly counter: LineCounter;
        readonly units: number;
        readonly released: number;
        readonly shipmentId?: string;
        readonly creditMemoId?: string;
      };
    };

/**
 * What happened to units of a line. `shipment_created` comes from fulfillment's ShipmentCreated,
 * `deducted` from the catalog's deduction of the same shipment (either may come first); `uncanceled`
 * is a cancel yielding to a shipment or unshipped refund fulfillment made before it; `adjusted`
 * (signed) is the ops audit bringing what is held to what fulfillment says. `shipped` and
 * `refunded` are in streams written before those were told apart (a deduction; a refund split by
 * shipped units first).
 */
export type LineCounter =
  | 'shipment_created'
  | 'deducted'
  | 'canceled'
  | 'uncanceled'
  | 'refunded_shipped'
  | 'refunded_unshipped'
  | 'adjusted'
  | 'shipped'
  | 'refunded';

export type HoldEvent =
  | {
      readonly type: 'HoldPlaced';
      readonly data: {
        readonly holdId: string;
        readonly salesChannel: string;
        readonly stockId: number;
        readonly items: readonly OrderLine[];
        readonly expiresAt: string;
        readonly kits?: readonly KitRecipe[];
      };
    }
  | {
      readonly type: 'HoldReleased';
      readonly data: {
        readonly holdId: string;
        readonly reason: 'expired' | 'released' | 'converted';
        readonly orderId?: string;
      };
    };

export type StreamEvent = SkuEvent | ConfigurationEvent | OrderEvent | HoldEvent;

/** What a SKU's salable quantity looks like in one stock (the SalableQuantityChanged shape). */
export interface SalableView {
  readonly stockId: number;
  readonly sku: string;
  /** null = unlimited (stock not managed, or backorders with a threshold ≥ 0). */
  readonly salableQty: number | null;
  readonly isSalable: boolean;
  readonly onlyXLeft: number | null;
  readonly backorders: Backorders;
}
