import { SourceItemStatus, roundQty, sumQty } from '@inventory/contracts';
import { recipesOf, stockUnitsOf } from '@inventory/order-lines';
import { HoldState } from '../../holds/hold-state';
import { OrderDecision, heldUnits } from '../../reserve-order/order-decision';
import { SkuState } from '../../sku-state/sku-state';

/** What the reservation service's streams say, folded (the audit scans the event store). */
export interface ReservationSnapshot {
  readonly skus: ReadonlyMap<string, SkuState>;
  readonly orders: ReadonlyMap<string, OrderDecision>;
  /** Each order stream's revision as read: a fix applies only to the stream as it was audited. */
  readonly orderRevisions?: ReadonlyMap<string, number>;
  /** Cart holds not released yet. */
  readonly openHolds: readonly HoldState[];
}

/** One order as fulfillment keeps it (GET /orders). */
export interface FulfillmentOrder {
  readonly orderId: string;
  readonly reservationStatus: 'awaiting_reservation' | 'reserved' | 'rejected';
  /** Per SKU: units still to ship, and shipped units whose deduction fulfillment has not seen. */
  readonly lines: readonly { readonly sku: string; readonly toShip: number; readonly inFlight: number }[];
}

/** One source item as the catalog keeps it (GET /products). */
export interface CatalogItem {
  readonly sku: string;
  readonly sourceCode: string;
  readonly quantity: number;
  readonly status: SourceItemStatus;
}

export type Inconsistency =
  | {
      /** The order's line holds other than fulfillment's to-ship plus in-flight units: fixable. */
      readonly kind: 'held_differs';
      readonly orderId: string;
      readonly sku: string;
      readonly held: number;
      readonly expected: number;
      /** The order stream's revision it was found at. */
      readonly revision?: number;
    }
  | {
      /** Reserved here, holding units, and fulfillment has no reserved order of that id. */
      readonly kind: 'order_unknown_to_fulfillment';
      readonly orderId: string;
      readonly held: number;
      readonly fulfillmentStatus: FulfillmentOrder['reservationStatus'] | 'unknown';
    }
  | {
      /** Fulfillment has the order reserved; this service has no reservation of it. */
      readonly kind: 'order_unknown_here';
      readonly orderId: string;
    }
  | {
      /** A SKU stream's reserved sum for a stock is not what its orders and open holds hold. */
      readonly kind: 'reserved_sum_differs';
      readonly sku: string;
      readonly stockId: number;
      readonly reserved: number;
      readonly heldByOrdersAndHolds: number;
      readonly orders: readonly string[];
    }
  | {
      /** The source quantity (or status) recorded here is not the catalog's. */
      readonly kind: 'quantity_differs';
      readonly sku: string;
      readonly sourceCode: string;
      readonly here: { readonly quantity: number; readonly status: SourceItemStatus } | null;
      readonly catalog: { readonly quantity: number; readonly status: SourceItemStatus } | null;
    };

/** A stable key of an inconsistency, to tell one seen in two passes from a passing difference. */
export const inconsistencyKey = (found: Inconsistency): string => JSON.stringify(found);

/** Units held per (SKU, stock) by orders and open holds, with the orders that hold them. */
function heldByReference(snapshot: ReservationSnapshot) {
  const held = new Map<string, { sku: string; stockId: number; units: number[]; orders: string[] }>();
  const add = (sku: string, stockId: number, units: number, orderId?: string) => {
    const key = `${stockId}/${sku}`;
    const entry = held.get(key) ?? { sku, stockId, units: [], orders: [] };
    entry.units.push(units);
    if (orderId && units > 0) entry.orders.push(orderId);
    held.set(key, entry);
  };
  for (const order of snapshot.orders.values()) {
    if (order.outcome !== 'reserved' || order.stockId === null) continue;
    for (const [sku, line] of Object.entries(order.lines))
      add(sku, order.stockId, heldUnits(line), order.orderId);
  }
  for (const hold of snapshot.openHolds) {
    // A kit's hold holds its components.
    for (const [sku, units] of stockUnitsOf(hold.items, recipesOf(hold.kits))) add(sku, hold.stockId, units);
  }
  return held;
}

/**
 * What disagrees between the reservation service, fulfillment's open order lines and the catalog's
 * quantities. The reference for an order's line is fulfillment (it decides what ships): the line
 * should hold what is left to ship plus shipped units not deducted yet. Within this service, each
 * SKU's reserved sum per stock must be what its orders and open holds hold.
 */
export function findInconsistencies(
  reservation: ReservationSnapshot,
  fulfillment: ReadonlyMap<string, FulfillmentOrder>,
  catalog: readonly CatalogItem[],
): Inconsistency[] {
  const found: Inconsistency[] = [];

  for (const order of reservation.orders.values()) {
    if (order.outcome !== 'reserved') continue;
    const theirs = fulfillment.get(order.orderId);
    const held = sumQty(Object.values(order.lines).map(heldUnits));
    if (theirs?.reservationStatus !== 'reserved') {
      if (held > 0)
        found.push({
          kind: 'order_unknown_to_fulfillment',
          orderId: order.orderId,
          held,
          fulfillmentStatus: theirs?.reservationStatus ?? 'unknown',
        });
      continue;
    }
    const expectedBySku = new Map(
      theirs.lines.map((line) => [line.sku, sumQty([line.toShip, line.inFlight])]),
    );
    for (const [sku, line] of Object.entries(order.lines)) {
      const expected = expectedBySku.get(sku) ?? 0;
      if (heldUnits(line) !== expected) {
        const revision = reservation.orderRevisions?.get(order.orderId);
        found.push({
          kind: 'held_differs',
          orderId: order.orderId,
          sku,
          held: heldUnits(line),
          expected,
          ...(revision === undefined ? {} : { revision }),
        });
      }
    }
  }
  for (const theirs of fulfillment.values()) {
    if (theirs.reservationStatus === 'reserved' && !reservation.orders.has(theirs.orderId))
      found.push({ kind: 'order_unknown_here', orderId: theirs.orderId });
  }

  const referenced = heldByReference(reservation);
  for (const state of reservation.skus.values()) {
    for (const [stockId, reserved] of Object.entries(state.reserved)) {
      const entry = referenced.get(`${stockId}/${state.sku}`);
      const held = entry ? sumQty(entry.units) : 0;
      if (roundQty(-reserved) !== held)
        found.push({
          kind: 'reserved_sum_differs',
          sku: state.sku,
          stockId: Number(stockId),
          reserved: -reserved,
          heldByOrdersAndHolds: held,
          orders: entry?.orders ?? [],
        });
    }
  }

  const theirItems = new Map(catalog.map((item) => [`${item.sku}/${item.sourceCode}`, item]));
  const keys = new Set(theirItems.keys());
  for (const state of reservation.skus.values())
    for (const code of Object.keys(state.sources)) keys.add(`${state.sku}/${code}`);
  for (const key of [...keys].sort()) {
    const [sku, sourceCode] = key.split('/');
    const ours = reservation.skus.get(sku)?.sources[sourceCode];
    const theirsItem = theirItems.get(key);
    if (ours?.quantity === theirsItem?.quantity && ours?.status === theirsItem?.status) continue;
    found.push({
      kind: 'quantity_differs',
      sku,
      sourceCode,
      here: ours ? { quantity: ours.quantity, status: ours.status } : null,
      catalog: theirsItem ? { quantity: theirsItem.quantity, status: theirsItem.status } : null,
    });
  }
  return found;
}
