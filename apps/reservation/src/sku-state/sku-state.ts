import { SourceItemStatus, StoredSettings, roundQty } from '@inventory/contracts';
import { SkuEvent } from '../streams/stream-events';

/**
 * Everything the `sku-<SKU>` stream says, folded. Reservations are kept as one sum per stock:
 * which order holds what lives in the order streams, so this stays small however hot the SKU.
 */
export interface SkuState {
  readonly sku: string;
  readonly sources: Readonly<
    Record<string, { readonly quantity: number; readonly status: SourceItemStatus }>
  >;
  /** Sum of open reservations per stock id, as a negative number (DESIGN.md's `reserved`). */
  readonly reserved: Readonly<Record<number, number>>;
  readonly settings: StoredSettings;
}

export const initialSkuState = (sku: string): SkuState => ({ sku, sources: {}, reserved: {}, settings: {} });

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
    case 'StockReserved':
      return { ...state, reserved: addReserved(state, event.data.stockId, -event.data.qty) };
    case 'ReservationCompensated':
      return { ...state, reserved: addReserved(state, event.data.stockId, event.data.qty) };
    case 'CompensationRefused':
      return state;
    default: {
      const unknown: never = event;
      throw new Error(`Unknown SKU event ${JSON.stringify(unknown)}`);
    }
  }
}
