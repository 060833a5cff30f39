import { StoredSettings } from '@inventory/contracts';
import { ConfigurationEvent } from '../streams/stream-events';

export interface StockTopology {
  readonly sourceCodes: readonly string[];
  readonly salesChannels: readonly string[];
}

/** The catalog's stocks, disabled sources and global settings, as recorded in the `configuration` stream. */
export interface Configuration {
  readonly stocks: Readonly<Record<number, StockTopology>>;
  readonly disabledSources: readonly string[];
  readonly globalSettings: StoredSettings;
}

/** The catalog starts with the Default Stock (id 1: the Default Source, the `base` channel). */
export const DEFAULT_STOCK_ID = 1;

export const initialConfiguration = (): Configuration => ({
  stocks: { [DEFAULT_STOCK_ID]: { sourceCodes: ['default'], salesChannels: ['base'] } },
  disabledSources: [],
  globalSettings: {},
});

export function evolveConfiguration(state: Configuration, event: ConfigurationEvent): Configuration {
  switch (event.type) {
    case 'StockRecorded': {
      const { stockId, sourceCodes, salesChannels } = event.data;
      return { ...state, stocks: { ...state.stocks, [stockId]: { sourceCodes, salesChannels } } };
    }
    case 'StockRemoved': {
      const { [event.data.stockId]: _removed, ...stocks } = state.stocks;
      return { ...state, stocks };
    }
    case 'SourceRecorded': {
      const others = state.disabledSources.filter((code) => code !== event.data.code);
      return { ...state, disabledSources: event.data.enabled ? others : [...others, event.data.code] };
    }
    case 'GlobalSettingsRecorded':
      return { ...state, globalSettings: event.data.settings };
    default: {
      const unknown: never = event;
      throw new Error(`Unknown configuration event ${JSON.stringify(unknown)}`);
    }
  }
}

export function stockOfChannel(configuration: Configuration, salesChannel: string): number | undefined {
  for (const [stockId, stock] of Object.entries(configuration.stocks)) {
    if (stock.salesChannels.includes(salesChannel)) return Number(stockId);
  }
  return undefined;
}

export const stockIds = (configuration: Configuration): number[] =>
  Object.keys(configuration.stocks).map(Number);
