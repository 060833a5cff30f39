import { EventOf } from '@inventory/contracts';
import { ConfigurationEvent } from '../streams/stream-events';

export type ConfigurationInput = EventOf<
  'StockSaved' | 'StockDeleted' | 'SourceSaved' | 'InventorySettingsChanged' | 'KitDefined'
>;

/**
 * Catalog events that change what every SKU's salable quantity is computed from, as events of the
 * `configuration` stream. Each is recorded even when it changes nothing, so its event id is known
 * and a delivery of it again is recognised (record by event id, not by effect); the catalog
 * version decides, when folding, whether it is newer than what the stream already says.
 */
export function decideConfiguration(input: ConfigurationInput): ConfigurationEvent[] {
  const version = input.data.version === undefined ? {} : { version: input.data.version };
  switch (input.type) {
    case 'StockSaved': {
      const { stockId, sourceLinks, salesChannels } = input.data;
      const sourceCodes = sourceLinks.map((link) => link.sourceCode);
      return [{ type: 'StockRecorded', data: { stockId, sourceCodes, salesChannels, ...version } }];
    }
    case 'StockDeleted':
      return [{ type: 'StockRemoved', data: { stockId: input.data.stockId, ...version } }];
    case 'SourceSaved': {
      const { code, enabled } = input.data;
      return [{ type: 'SourceRecorded', data: { code, enabled, ...version } }];
    }
    case 'InventorySettingsChanged':
      return input.data.scope === 'global'
        ? [{ type: 'GlobalSettingsRecorded', data: { settings: input.data.settings, ...version } }]
        : [];
    case 'KitDefined': {
      const { sku, components } = input.data;
      return [{ type: 'KitRecorded', data: { sku, components, ...version } }];
    }
    default: {
      const unknown: never = input;
      throw new Error(`Unknown configuration input ${JSON.stringify(unknown)}`);
    }
  }
}
