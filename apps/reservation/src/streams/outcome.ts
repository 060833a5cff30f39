import { ConfigurationEvent, HoldEvent, OrderEvent, SkuEvent } from './stream-events';

/** What a decision records: events per SKU stream, and for the order / hold / configuration streams. */
export interface Outcome {
  readonly skus: ReadonlyMap<string, readonly SkuEvent[]>;
  readonly order?: { readonly orderId: string; readonly events: readonly OrderEvent[] };
  readonly hold?: { readonly holdId: string; readonly events: readonly HoldEvent[] };
  readonly configuration?: readonly ConfigurationEvent[];
}

export const NOTHING: Outcome = { skus: new Map() };

/** A command the streams' state refuses, with a machine code and a message for people. */
export class Refusal extends Error {
  override readonly name = 'Refusal';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
