import { SourceItemStatus, StoredSettings, roundQty } from '@inventory/contracts';
import { isNewerVersion } from '../configuration/configuration';
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
  /** Sum of open reservations per stock id, as a negative number (`reserved` in the salable formula). */
  readonly reserved: Readonly<Record<number, number>>;
  readonly settings: StoredSettings;
  /**
   * The catalog version last applied per source code (kept after the item is removed) and of the
   * SKU's settings: an older event recorded later changes nothing.
   */
  readonly versions?: Readonly<Record<string, number>>;
  readonly settingsVersion?: number;
  /** Units on their way, per purchase order or transfer (absent in states folded before). */
  readonly incoming?: Readonly<Record<string, IncomingUnits>>;
}

export interface IncomingUnits {
  readonly sourceCode: string;
  readonly qty: number;
  readonly expectedAt: string | null;
}

export const initialSkuState = (sku: string): SkuState => ({ sku, sources: {}, reserved: {}, settings: {} });

const addReserved = (state: SkuState, stockId: number, qty: number) => ({
  ...state.reserved,
  [stockId]: roundQty((state.reserved[stockId] ?? 0) + qty),
});

export function evolveSku(state: SkuState, event: SkuEvent): SkuState {
  switch (event.type) {
    case 'SourceItemsRecorded': {
      const { version } = event.data;
      const sources = { ...state.sources };
      const versions = { ...state.versions };
      for (const item of event.data.items) {
        if (!isNewerVersion(versions[item.sourceCode], version)) continue;
        sources[item.sourceCode] = { quantity: item.quantity, status: item.status };
        if (version !== undefined) versions[item.sourceCode] = version;
      }
      return { ...state, sources, ...(version === undefined ? {} : { versions }) };
    }
    case 'SourceItemsRemoved': {
      const { version } = event.data;
      const sources = { ...state.sources };
      const versions = { ...state.versions };
      for (const code of event.data.sourceCodes) {
        if (!isNewerVersion(versions[code], version)) continue;
        delete sources[code];
        if (version !== undefined) versions[code] = version;
      }
      return { ...state, sources, ...(version === undefined ? {} : { versions }) };
    }
    case 'ProductSettingsRecorded': {
      const { settings, version } = event.data;
      if (!isNewerVersion(state.settingsVersion, version)) return state;
      return { ...state, settings, ...(version === undefined ? {} : { settingsVersion: version }) };
    }
    case 'StockReserved':
      return { ...state, reserved: addReserved(state, event.data.stockId, -event.data.qty) };
    case 'ReservationCompensated':
      return { ...state, reserved: addReserved(state, event.data.stockId, event.data.qty) };
    case 'IncomingChanged': {
      const { ref, sourceCode, delta, expectedAt } = event.data;
      const { [ref]: before, ...others } = state.incoming ?? {};
      const qty = roundQty((before?.qty ?? 0) + delta);
      // Nothing left on its way (all arrived, more than ordered, or canceled): gone.
      const units = { sourceCode, qty, expectedAt: expectedAt ?? before?.expectedAt ?? null };
      return { ...state, incoming: qty > 0 ? { ...others, [ref]: units } : others };
    }
    case 'CompensationRefused':
      return state;
    default: {
      const unknown: never = event;
      throw new Error(`Unknown SKU event ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * The SKU states after an outcome's SKU events: a batch decided on one read passes them on, so
 * each decision sees what the ones before it took.
 */
export function evolveSkus(
  skus: Map<string, SkuState>,
  outcomeSkus: ReadonlyMap<string, readonly SkuEvent[]>,
): Map<string, SkuState> {
  for (const [sku, events] of outcomeSkus) {
    skus.set(sku, events.reduce(evolveSku, skus.get(sku) ?? initialSkuState(sku)));
  }
  return skus;
}
