import { StoredSettings } from '@inventory/contracts';
import { KitRecipes } from '@inventory/order-lines';
import { ConfigurationEvent } from '../streams/stream-events';

export interface StockTopology {
  readonly sourceCodes: readonly string[];
  readonly salesChannels: readonly string[];
  /**
   * Sources unlinked from the stock, or all of its sources once it is deleted: reservations it held
   * may still be served from them, so they keep counting there (the shared-source rule).
   */
  readonly formerSourceCodes?: readonly string[];
  /** Deleted in the catalog: sells nothing, kept for the reservations it may still hold. */
  readonly removed?: boolean;
}

/** The catalog's stocks, disabled sources, global settings and kits, as recorded in the `configuration` stream. */
export interface Configuration {
  readonly stocks: Readonly<Record<number, StockTopology>>;
  readonly disabledSources: readonly string[];
  readonly globalSettings: StoredSettings;
  /** Kit SKU → its components (absent in states folded before kits were recorded). */
  readonly kits?: KitRecipes;
  /**
   * The catalog version last applied per `stock:<id>`, `source:<code>`, `kit:<sku>` and `global`: an older
   * event recorded later (delivered again, re-driven) changes nothing.
   */
  readonly versions?: Readonly<Record<string, number>>;
}

/** The catalog starts with the Default Stock (id 1: the Default Source, the `base` channel). */
export const DEFAULT_STOCK_ID = 1;

export const initialConfiguration = (): Configuration => ({
  stocks: { [DEFAULT_STOCK_ID]: { sourceCodes: ['default'], salesChannels: ['base'] } },
  disabledSources: [],
  globalSettings: {},
});

/**
 * Whether a catalog version is newer than the one applied. An event without one was published
 * before the catalog numbered its events: newer only where nothing numbered was applied yet.
 */
export const isNewerVersion = (applied: number | undefined, incoming: number | undefined): boolean =>
  applied === undefined || (incoming !== undefined && incoming > applied);

const unique = (codes: readonly string[]) => [...new Set(codes)];

/** What the stock's reservations may still draw on once it is linked to `now` only. */
function formerOf(before: StockTopology | undefined, now: readonly string[]): string[] {
  const earlier = [...(before?.formerSourceCodes ?? []), ...(before?.sourceCodes ?? [])];
  return unique(earlier).filter((code) => !now.includes(code));
}

function withVersion(state: Configuration, key: string, version: number | undefined): Configuration {
  return version === undefined ? state : { ...state, versions: { ...state.versions, [key]: version } };
}

function applyConfiguration(state: Configuration, event: ConfigurationEvent): Configuration {
  switch (event.type) {
    case 'StockRecorded': {
      const { stockId, sourceCodes, salesChannels } = event.data;
      const former = formerOf(state.stocks[stockId], sourceCodes);
      const stock: StockTopology = {
        sourceCodes,
        salesChannels,
        ...(former.length ? { formerSourceCodes: former } : {}),
      };
      return { ...state, stocks: { ...state.stocks, [stockId]: stock } };
    }
    case 'StockRemoved': {
      const before = state.stocks[event.data.stockId];
      if (!before) return state;
      const retired: StockTopology = {
        sourceCodes: [],
        salesChannels: [],
        formerSourceCodes: formerOf(before, []),
        removed: true,
      };
      return { ...state, stocks: { ...state.stocks, [event.data.stockId]: retired } };
    }
    case 'SourceRecorded': {
      const others = state.disabledSources.filter((code) => code !== event.data.code);
      return { ...state, disabledSources: event.data.enabled ? others : [...others, event.data.code] };
    }
    case 'GlobalSettingsRecorded':
      return { ...state, globalSettings: event.data.settings };
    case 'KitRecorded': {
      const { [event.data.sku]: _before, ...others } = state.kits ?? {};
      const { sku, components } = event.data;
      return { ...state, kits: components.length ? { ...others, [sku]: components } : others };
    }
    default: {
      const unknown: never = event;
      throw new Error(`Unknown configuration event ${JSON.stringify(unknown)}`);
    }
  }
}

/** The key under which an event's catalog version is kept. */
function versionKey(event: ConfigurationEvent): string {
  switch (event.type) {
    case 'StockRecorded':
    case 'StockRemoved':
      return `stock:${event.data.stockId}`;
    case 'SourceRecorded':
      return `source:${event.data.code}`;
    case 'GlobalSettingsRecorded':
      return 'global';
    case 'KitRecorded':
      return `kit:${event.data.sku}`;
  }
}

export function evolveConfiguration(state: Configuration, event: ConfigurationEvent): Configuration {
  const key = versionKey(event);
  if (!isNewerVersion(state.versions?.[key], event.data.version)) return state;
  return withVersion(applyConfiguration(state, event), key, event.data.version);
}

/** A stock that exists in the catalog (not deleted). */
export const liveStock = (configuration: Configuration, stockId: number): StockTopology | undefined => {
  const stock = configuration.stocks[stockId];
  return stock && !stock.removed ? stock : undefined;
};

export function stockOfChannel(configuration: Configuration, salesChannel: string): number | undefined {
  for (const [stockId, stock] of Object.entries(configuration.stocks)) {
    if (stock.salesChannels.includes(salesChannel)) return Number(stockId);
  }
  return undefined;
}

/** The kits' components, by kit SKU. */
export const kitsOf = (configuration: Configuration): KitRecipes => configuration.kits ?? {};

/** Every stock the configuration knows, deleted ones (still holding reservations) included. */
export const stockIds = (configuration: Configuration): number[] =>
  Object.keys(configuration.stocks).map(Number);
