import { SourceItemStatus, StoredSettings, roundQty } from '@inventory/contracts';
import { ReservationRef, SkuEvent } from '../streams/stream-events';

/** One order's (or hold's) reservation of a SKU, and what has happened to its units since. */
export interface OpenReservation {
  readonly stockId: number;
  readonly ordered: number;
  readonly shipped: number;
  readonly refunded: number;
  readonly canceled: number;
}

/** Everything the `sku-<SKU>` stream says, folded. */
export interface SkuState {
  readonly sku: string;
  readonly sources: Readonly<
    Record<string, { readonly quantity: number; readonly status: SourceItemStatus }>
  >;
  /** Sum of open reservations per stock id, as a negative number (DESIGN.md's `reserved`). */
  readonly reserved: Readonly<Record<number, number>>;
  /** Reservations with units still held; closed ones are dropped so hot SKUs stay small. */
  readonly open: Readonly<Record<ReservationRef, OpenReservation>>;
  readonly settings: StoredSettings;
}

export const initialSkuState = (sku: string): SkuState => ({
  sku,
  sources: {},
  reserved: {},
  open: {},
  settings: {},
});

/**
 * Units still held: Magento's qty to ship, ordered − max(shipped, refunded) − canceled. A refund
 * of shipped units gives nothing back; a refund beyond what shipped releases unshipped units.
 */
export const heldUnits = (line: OpenReservation): number =>
  Math.max(0, roundQty(line.ordered - Math.max(line.shipped, line.refunded) - line.canceled));

const addReserved = (state: SkuState, stockId: number, qty: number) => ({
  ...state.reserved,
  [stockId]: roundQty((state.reserved[stockId] ?? 0) + qty),
});

export function evolveSku(state: SkuState, event: SkuEvent): SkuState {
  switch (event.type) {
    case 'SourceItemsRecorded': {
      const sources = { ...state.sources };
      for (const item of event.data.items) {
        sources[item.sourceCode] = { quantity: item.quantity, status: item.status };
      }
      return { ...state, sources };
    }
    case 'SourceItemsRemoved': {
      const sources = { ...state.sources };
      for (const code of event.data.sourceCodes) delete sources[code];
      return { ...state, sources };
    }
    case 'ProductSettingsRecorded':
      return { ...state, settings: event.data.settings };
    case 'StockReserved': {
      const { ref, stockId, qty } = event.data;
      const line = { stockId, ordered: qty, shipped: 0, refunded: 0, canceled: 0 };
      return { ...state, reserved: addReserved(state, stockId, -qty), open: { ...state.open, [ref]: line } };
    }
    case 'ReservationCompensated': {
      const { ref, qty } = event.data;
      const before = state.open[ref];
      if (!before) return state; // decide never compensates a closed reservation
      const line: OpenReservation = {
        ...before,
        shipped: roundQty(before.shipped + (event.data.shipped ?? 0)),
        refunded: roundQty(before.refunded + (event.data.refunded ?? 0)),
        canceled: roundQty(before.canceled + (event.data.canceled ?? 0)),
      };
      const open = { ...state.open };
      if (heldUnits(line) > 0) open[ref] = line;
      else delete open[ref];
      return { ...state, reserved: addReserved(state, before.stockId, qty), open };
    }
    case 'CompensationRefused':
      return state;
    default: {
      const unknown: never = event;
      throw new Error(`Unknown SKU event ${JSON.stringify(unknown)}`);
    }
  }
}
