import { Injectable } from '@nestjs/common';
import { EventOf, IntegrationEvent, TOPICS } from '@inventory/contracts';
import { ConsumeEvents, IntegrationEventHandler, UnprocessableEventError } from '@inventory/messaging';
import { decideConfiguration } from '../catalog-inputs/decide-configuration';
import { skusOf } from '../checkout/check-lines';
import { decideCancel, decideCreditMemo, decideSourceItems } from '../compensation/decide-compensation';
import { decideOrder } from '../reserve-order/decide-order';
import { OrderDecision } from '../reserve-order/order-decision';
import { SkuState } from '../sku-state/sku-state';
import { InventoryStreams, configurationIn, skuIn, skuStatesIn } from '../streams/inventory-streams';
import { Outcome, Refusal } from '../streams/outcome';
import { SkuEvent } from '../streams/stream-events';

const only = (sku: string, events: SkuEvent[]): Outcome => ({ skus: new Map([[sku, events]]) });

/**
 * Turns what happens upstream into stream events: orders are reserved (or rejected), cancellations,
 * shipments and credit memos compensate, and the catalog's quantities, stocks and settings are
 * recorded so salable quantity can be computed from the event store alone. Each Kafka event is
 * recorded once: its id derives the stream event ids, so a redelivery is recognised by the store.
 */
@Injectable()
@ConsumeEvents({ groupId: 'reservation', topics: [TOPICS.orders, TOPICS.catalog, TOPICS.fulfillment] })
export class ReservationInputsHandler implements IntegrationEventHandler {
  constructor(private readonly streams: InventoryStreams) {}

  async handle(event: IntegrationEvent): Promise<void> {
    try {
      await this.record(event);
    } catch (error) {
      if (error instanceof Refusal) throw new UnprocessableEventError(error.code, error.message);
      throw error;
    }
  }

  private async record(event: IntegrationEvent): Promise<void> {
    const { streams } = this;
    switch (event.type) {
      case 'OrderPlaced': {
        const order = event.data;
        await streams.execute(
          event,
          async () => {
            const hold = order.holdId ? await streams.hold(order.holdId) : undefined;
            const holdSkus = hold?.state ? skusOf(hold.state.items) : [];
            const [configuration, skus, decided] = await Promise.all([
              streams.configuration(),
              streams.skus([...skusOf(order.items), ...holdSkus]),
              streams.order(order.orderId),
            ]);
            return { configuration, skus, order: decided, hold };
          },
          (reads) =>
            decideOrder(order, {
              configuration: configurationIn(reads),
              skus: skuStatesIn(reads),
              alreadyDecided: reads.order?.state !== undefined,
              hold: reads.hold?.state,
            }),
        );
        return;
      }
      case 'OrderCanceled':
        await this.compensate(event, event.data.orderId, event.data.items, (context) =>
          decideCancel(event.data, context),
        );
        return;
      case 'CreditMemoCreated':
        await this.compensate(event, event.data.orderId, event.data.items, (context) =>
          decideCreditMemo(event.data, context),
        );
        return;
      case 'SourceItemsSaved': {
        const { sku } = event.data;
        await streams.execute(
          event,
          async () => ({ skus: await streams.skus([sku]) }),
          (reads) => only(sku, decideSourceItems(event.data, skuIn(reads, sku))),
        );
        return;
      }
      case 'SourceItemsDeleted': {
        const { sku, sourceCodes } = event.data;
        await streams.execute(
          event,
          async () => ({ skus: await streams.skus([sku]) }),
          () => only(sku, [{ type: 'SourceItemsRemoved', data: { sourceCodes } }]),
        );
        return;
      }
      case 'InventorySettingsChanged':
        if (event.data.scope === 'sku' && event.data.sku) {
          const sku = event.data.sku;
          await streams.execute(
            event,
            async () => ({ skus: await streams.skus([sku]) }),
            () => only(sku, [{ type: 'ProductSettingsRecorded', data: { settings: event.data.settings } }]),
          );
          return;
        }
        await this.recordConfiguration(event);
        return;
      case 'StockSaved':
      case 'StockDeleted':
      case 'SourceSaved':
        await this.recordConfiguration(event);
        return;
      default:
        // ShipmentCreated is compensated through the catalog's SourceItemsSaved (DESIGN.md lifecycle 2).
        return;
    }
  }

  private async recordConfiguration(
    event: EventOf<'StockSaved' | 'StockDeleted' | 'SourceSaved' | 'InventorySettingsChanged'>,
  ): Promise<void> {
    await this.streams.execute(
      event,
      async () => ({ configuration: await this.streams.configuration(), skus: new Map() }),
      (reads) => ({ skus: new Map(), configuration: decideConfiguration(event, configurationIn(reads)) }),
    );
  }

  /** Cancellations and credit memos: the order's outcome and each of its SKUs, read together. */
  private async compensate(
    event: IntegrationEvent,
    orderId: string,
    items: readonly { sku: string }[] | undefined,
    decide: (context: { order: OrderDecision | undefined; skus: ReadonlyMap<string, SkuState> }) => Outcome,
  ): Promise<void> {
    const { streams } = this;
    await streams.execute(
      event,
      async () => {
        const order = await streams.order(orderId);
        const skus = await streams.skus(skusOf(items ?? order.state?.items ?? []));
        return { skus, order };
      },
      (reads) => decide({ order: reads.order?.state, skus: skuStatesIn(reads) }),
    );
  }
}
