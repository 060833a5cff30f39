import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventOf, EventType, IntegrationEvent } from '@inventory/contracts';
import { PositionedEvent, eachRun } from '@inventory/messaging';
import { DuplicateEventIdError } from '@inventory/event-store';
import { decideConfiguration } from '../catalog-inputs/decide-configuration';
import { decideIncoming } from '../catalog-inputs/decide-incoming';
import { todayOf } from '../backorders/expected-ship-date';
import { recipesOf, stockSkusOf } from '@inventory/order-lines';
import { skusToRead } from '../checkout/check-lines';
import {
  decideCancel,
  decideCreditMemo,
  decideShipmentCreated,
  decideSourceItems,
} from '../compensation/decide-compensation';
import { decideOrder } from '../reserve-order/decide-order';
import { OrderDecision } from '../reserve-order/order-decision';
import { InventoryStreams, configurationIn, skuIn, skuStatesIn } from '../streams/inventory-streams';
import { Outcome } from '../streams/outcome';
import { SkuEvent } from '../streams/stream-events';
import { ReservationWriter } from '../writer/reservation-writer';

const only = (sku: string, events: SkuEvent[]): Outcome => ({ skus: new Map([[sku, events]]) });

/** What the service records, from orders.v1, inventory.catalog.v1, fulfillment.v1 and replenishment.v1. */
const INPUTS: EventType[] = [
  'OrderPlaced',
  'OrderCanceled',
  'ShipmentCreated',
  'CreditMemoCreated',
  'SourceItemsSaved',
  'SourceItemsDeleted',
  'InventorySettingsChanged',
  'StockSaved',
  'StockDeleted',
  'SourceSaved',
  'KitDefined',
  'TransferShipped',
  'TransferReceived',
  'TransferCanceled',
  'PurchaseOrderPlaced',
  'GoodsReceived',
  'PurchaseOrderCanceled',
];

/**
 * Turns what happens upstream into stream events: orders are reserved (or rejected), cancellations,
 * shipments and credit memos compensate, and the catalog's quantities, stocks and settings are
 * recorded so salable quantity can be computed from the event store alone. Each Kafka event is
 * recorded once: its id derives the stream event ids, so a redelivery is recognised by the store.
 */
@Controller()
export class ReservationInputsHandler {
  constructor(
    private readonly streams: InventoryStreams,
    private readonly writer: ReservationWriter,
  ) {}

  /**
   * A fetched batch: each run of consecutive OrderPlaced (without a hold) goes to the instance's
   * writer, which decides it with the cart holds of the moment in one append; everything else one
   * by one, in order. If the batch fails, the consumer hands the events over again one at a time:
   * a batch of one is `handle`d, whose refusal dead-letters the event at once. The batches of up
   * to six partitions (the topics' default count) are handled at once, so the writer records the
   * orders of all of them in one append, not one append per partition in turn.
   */
  @EventPattern(INPUTS, { group: 'reservation', batch: true, concurrentPartitions: 6 })
  async inputs(@Payload() events: readonly PositionedEvent[]): Promise<void> {
    if (events.length === 1) return this.handle(events[0].event);
    await eachRun(
      events.map(({ event }) => event),
      (event): event is EventOf<'OrderPlaced'> => event.type === 'OrderPlaced' && !event.data.holdId,
      (orders) => this.writer.reserveOrders(orders),
      (event) => this.handle(event),
    );
  }

  private async handle(event: IntegrationEvent): Promise<void> {
    try {
      await this.record(event);
    } catch (error) {
      // A Refusal goes on to the consumer, which dead-letters the event at once with its code.
      // Part of what this event decides was recorded by an earlier delivery: it was applied.
      if (error instanceof DuplicateEventIdError) return;
      throw error;
    }
  }

  private async record(event: IntegrationEvent): Promise<void> {
    const { streams } = this;
    switch (event.type) {
      case 'OrderPlaced':
        if (event.data.holdId) await this.convertHold(event);
        else await this.writer.reserveOrders([event]);
        return;
      case 'OrderCanceled':
        await this.compensate(event, event.data.orderId, (context) => decideCancel(event.data, context));
        return;
      case 'CreditMemoCreated':
        await this.compensate(event, event.data.orderId, (context) => decideCreditMemo(event.data, context));
        return;
      case 'ShipmentCreated':
        // Counted on the order's lines (no longer cancelable); given back on the catalog's deduction.
        await this.compensate(event, event.data.orderId, (context) =>
          decideShipmentCreated(event.data, context),
        );
        return;
      case 'SourceItemsSaved': {
        const { sku } = event.data;
        // A shipment's deduction also settles the order's line (read with the SKU, appended together).
        const shipmentOf = event.data.reason === 'shipment' ? event.data.orderId : undefined;
        await streams.execute(
          event,
          async () => {
            const [skus, order] = await Promise.all([
              streams.skus([sku]),
              shipmentOf ? streams.order(shipmentOf) : undefined,
            ]);
            return { skus, orders: shipmentOf && order ? new Map([[shipmentOf, order]]) : undefined };
          },
          (reads) =>
            decideSourceItems(
              event.data,
              skuIn(reads, sku),
              shipmentOf ? reads.orders?.get(shipmentOf)?.state : undefined,
            ),
        );
        return;
      }
      case 'SourceItemsDeleted': {
        const { sku, sourceCodes, version } = event.data;
        await streams.execute(
          event,
          async () => ({ skus: await streams.skus([sku]) }),
          () =>
            only(sku, [
              { type: 'SourceItemsRemoved', data: { sourceCodes, ...(version ? { version } : {}) } },
            ]),
        );
        return;
      }
      case 'InventorySettingsChanged':
        if (event.data.scope === 'sku' && event.data.sku) {
          const sku = event.data.sku;
          await streams.execute(
            event,
            async () => ({ skus: await streams.skus([sku]) }),
            () => {
              const { settings, version } = event.data;
              return only(sku, [
                { type: 'ProductSettingsRecorded', data: { settings, ...(version ? { version } : {}) } },
              ]);
            },
          );
          return;
        }
        await this.recordConfiguration(event);
        return;
      case 'TransferShipped':
      case 'TransferReceived':
      case 'TransferCanceled':
      case 'PurchaseOrderPlaced':
      case 'GoodsReceived':
      case 'PurchaseOrderCanceled': {
        // Units on their way: what backorders are dated by. No decision reads them back.
        const skus = decideIncoming(event);
        await streams.execute(
          event,
          async () => ({ skus: await streams.skus([...skus.keys()]) }),
          () => ({ skus }),
        );
        return;
      }
      case 'StockSaved':
      case 'StockDeleted':
      case 'SourceSaved':
      case 'KitDefined':
        await this.recordConfiguration(event);
        return;
      default:
        return;
    }
  }

  /** An order converting a cart hold: the hold's units go back and the order's are taken, in one append. */
  private async convertHold(event: EventOf<'OrderPlaced'>): Promise<void> {
    const { streams } = this;
    const order = event.data;
    await streams.execute(
      event,
      async () => {
        const [hold, configuration] = await Promise.all([
          order.holdId ? streams.hold(order.holdId) : undefined,
          streams.configuration(),
        ]);
        const holdSkus = hold?.state ? stockSkusOf(hold.state.items, recipesOf(hold.state.kits)) : [];
        const [skus, decided] = await Promise.all([
          streams.skus([...skusToRead(order.items, configuration.state), ...holdSkus]),
          streams.order(order.orderId),
        ]);
        return { configuration, skus, orders: new Map([[order.orderId, decided]]), hold };
      },
      (reads) =>
        decideOrder(order, {
          configuration: configurationIn(reads),
          skus: skuStatesIn(reads),
          alreadyDecided: reads.orders?.get(order.orderId)?.state !== undefined,
          hold: reads.hold?.state,
          today: todayOf(new Date()),
        }),
    );
  }

  private async recordConfiguration(
    event: EventOf<'StockSaved' | 'StockDeleted' | 'SourceSaved' | 'InventorySettingsChanged' | 'KitDefined'>,
  ): Promise<void> {
    // Recorded whatever the stream holds (its catalog version orders it when folded): no read needed.
    await this.streams.execute(
      event,
      async () => ({ skus: new Map() }),
      () => ({ skus: new Map(), configuration: decideConfiguration(event) }),
    );
  }

  /** Cancellations, shipments and credit memos: decided on the order stream alone. */
  private async compensate(
    event: IntegrationEvent,
    orderId: string,
    decide: (context: { order: OrderDecision | undefined }) => Outcome,
  ): Promise<void> {
    await this.streams.execute(
      event,
      async () => ({ skus: new Map(), orders: new Map([[orderId, await this.streams.order(orderId)]]) }),
      (reads) => decide({ order: reads.orders?.get(orderId)?.state }),
    );
  }
}
