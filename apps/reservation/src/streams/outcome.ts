import { ConfigurationEvent, HoldEvent, OrderEvent, SkuEvent } from './stream-events';

/** What a decision records: events per SKU stream, and for the order / hold / configuration streams. */
export interface Outcome {
  readonly skus: ReadonlyMap<string, readonly SkuEvent[]>;
  readonly order?: { readonly orderId: string; readonly events: readonly OrderEvent[] };
  readonly hold?: { readonly holdId: string; readonly events: readonly HoldEvent[] };
  readonly configuration?: readonly ConfigurationEvent[];
}

export const NOTHING: Outcome = { skus: new Map() };

/** A command the streams' state refuses: the one refusal of every service (libs/contracts). */
export { Refusal } from '@inventory/contracts';
