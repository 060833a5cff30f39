import { EventOf } from '@inventory/contracts';
import { Configuration } from '../configuration/configuration';
import { ConfigurationEvent } from '../streams/stream-events';

export type ConfigurationInput = EventOf<
  'StockSaved' | 'StockDeleted' | 'SourceSaved' | 'InventorySettingsChanged'
>;

/**
 * Catalog events that change what every SKU's salable quantity is computed from, as events of the
 * `configuration` stream. A SourceSaved that leaves `enabled` as it was records nothing.
 */
export function decideConfiguration(input: ConfigurationInput, state: Configuration): ConfigurationEvent[] {
  switch (input.type) {
    case 'StockSaved': {
      const { stockId, sourceLinks, salesChannels } = input.data;
      const sourceCodes = sourceLinks.map((link) => link.sourceCode);
      return [{ type: 'StockRecorded', data: { stockId, sourceCodes, salesChannels } }];
    }
    case 'StockDeleted':
      return state.stocks[input.data.stockId]
        ? [{ type: 'StockRemoved', data: { stockId: input.data.stockId } }]
        : [];
    case 'SourceSaved': {
      const { code, enabled } = input.data;
      const wasEnabled = !state.disabledSources.includes(code);
      return wasEnabled === enabled ? [] : [{ type: 'SourceRecorded', data: { code, enabled } }];
    }
    case 'InventorySettingsChanged':
      return input.data.scope === 'global'
        ? [{ type: 'GlobalSettingsRecorded', data: { settings: input.data.settings } }]
        : [];
    default: {
      const unknown: never = input;
      throw new Error(`Unknown configuration input ${JSON.stringify(unknown)}`);
    }
  }
}
