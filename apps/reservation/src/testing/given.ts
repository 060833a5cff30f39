import { StoredSettings } from '@inventory/contracts';
import { Configuration, evolveConfiguration, initialConfiguration } from '../configuration/configuration';
import { SkuState, evolveSku, initialSkuState } from '../sku-state/sku-state';
import { ConfigurationEvent, SkuEvent, orderRef } from '../streams/stream-events';

/** Given/when/then helpers: states built by folding events, as the streams would. */
export const givenConfiguration = (...events: ConfigurationEvent[]): Configuration =>
  events.reduce(evolveConfiguration, initialConfiguration());

export const givenSku = (sku: string, ...events: SkuEvent[]): SkuState =>
  events.reduce(evolveSku, initialSkuState(sku));

export const quantities = (
  items: Record<string, number>,
  status: 'in_stock' | 'out_of_stock' = 'in_stock',
): SkuEvent => ({
  type: 'SourceItemsRecorded',
  data: {
    items: Object.entries(items).map(([sourceCode, quantity]) => ({ sourceCode, quantity, status })),
    reason: 'manual',
  },
});

export const reserved = (orderId: string, qty: number, stockId = 1): SkuEvent => ({
  type: 'StockReserved',
  data: { ref: orderRef(orderId), stockId, qty },
});

export const productSettings = (settings: StoredSettings): SkuEvent => ({
  type: 'ProductSettingsRecorded',
  data: { settings },
});

export const stock = (
  stockId: number,
  sourceCodes: string[],
  salesChannels: string[],
): ConfigurationEvent => ({
  type: 'StockRecorded',
  data: { stockId, sourceCodes, salesChannels },
});

export const globalSettings = (settings: StoredSettings): ConfigurationEvent => ({
  type: 'GlobalSettingsRecorded',
  data: { settings },
});

export const kit = (sku: string, components: Record<string, number>): ConfigurationEvent => ({
  type: 'KitRecorded',
  data: { sku, components: Object.entries(components).map(([part, qty]) => ({ sku: part, qty })) },
});
