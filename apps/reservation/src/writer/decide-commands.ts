import { Configuration } from '../configuration/configuration';
import { HoldDecision, HoldRefused, PlaceHold, decideHold } from '../holds/hold-state';
import { PlaceOrder, decideOrder } from '../reserve-order/decide-order';
import { SkuState, evolveSkus } from '../sku-state/sku-state';
import { Refusal } from '../streams/outcome';

/** What the instance's writer decides: an order from Kafka or a cart hold over HTTP. */
export type WriterCommand =
  | { readonly kind: 'order'; readonly order: PlaceOrder }
  | { readonly kind: 'hold'; readonly hold: PlaceHold };

export interface CommandsContext {
  readonly configuration: Configuration;
  readonly skus: ReadonlyMap<string, SkuState>;
  /** Orders whose stream already holds an outcome (redeliveries): decided again as nothing. */
  readonly decided: ReadonlySet<string>;
  /** Today (ISO date): what backorders are dated from. */
  readonly today?: string;
}

/**
 * Orders and holds decided one after the other, in the order they came, on one read: each sees
 * what the ones before it took, so a batch never takes more than one by one would, and an order
 * decided twice in a batch (a redelivery) is decided once. A refused hold records nothing; a
 * rejected order records its rejection.
 */
export function decideCommands(commands: readonly WriterCommand[], context: CommandsContext): HoldDecision[] {
  const skus = new Map(context.skus);
  const decided = new Set(context.decided);
  const { configuration } = context;
  return commands.map((command) => {
    if (command.kind === 'order') {
      const { orderId } = command.order;
      const outcome = decideOrder(command.order, {
        configuration,
        skus,
        alreadyDecided: decided.has(orderId),
        today: context.today,
      });
      decided.add(orderId);
      evolveSkus(skus, outcome.skus);
      return { outcome };
    }
    try {
      const outcome = decideHold(command.hold, { configuration, skus });
      evolveSkus(skus, outcome.skus);
      return { outcome };
    } catch (error) {
      if (error instanceof HoldRefused || error instanceof Refusal) return { refusal: error };
      throw error;
    }
  });
}
