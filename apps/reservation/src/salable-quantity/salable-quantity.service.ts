import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, RecordedEvent, comparePositions } from '@inventory/event-store';
import { ApiError } from '@inventory/service-runtime';
import {
  Configuration,
  evolveConfiguration,
  initialConfiguration,
  liveStock,
} from '../configuration/configuration';
import { salableView } from '../sku-state/salable-quantity';
import { SkuStates, standingOf } from '../kits/kit-standing';
import { skusToRead } from '../checkout/check-lines';
import { evolveSku, initialSkuState } from '../sku-state/sku-state';
import {
  CONFIGURATION_STREAM,
  ConfigurationEvent,
  SalableView,
  SkuEvent,
  skuOfStream,
  skuStream,
} from '../streams/stream-events';
import { InventoryStreams, CACHED_READ_MAX_AGE_MS, skuStatesIn } from '../streams/inventory-streams';

/**
 * Salable quantity now, from the SKU's stream as the storefront reads it (the projection's own
 * formula, without waiting for the projection), or as the event store says it was at a moment.
 */
@Injectable()
export class SalableQuantityService {
  constructor(
    private readonly streams: InventoryStreams,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async now(stockId: number, sku: string): Promise<SalableView> {
    const { state: configuration } = await this.streams.configuration(CACHED_READ_MAX_AGE_MS);
    const skus = await this.streams.skus(
      skusToRead([{ sku, qty: 1 }], configuration),
      CACHED_READ_MAX_AGE_MS,
    );
    return this.viewIn(configuration, stockId, sku, skuStatesIn({ skus }));
  }

  /**
   * Time travel: the configuration and the SKU's stream (a kit's: its components' too, as the kit
   * was then) folded up to `at`, in the store's global order.
   */
  async at(stockId: number, sku: string, at: Date): Promise<SalableView> {
    const until = (events: RecordedEvent[]) => events.filter((event) => event.recordedAt <= at);
    const configurationEvents = until(await this.store.readStream(CONFIGURATION_STREAM));
    const configurationThen = configurationEvents.reduce(
      (state, event) =>
        evolveConfiguration(state, { type: event.type, data: event.data } as ConfigurationEvent),
      initialConfiguration(),
    );
    const skusThen = skusToRead([{ sku, qty: 1 }], configurationThen);
    const skuEvents = await Promise.all(skusThen.map((name) => this.store.readStream(skuStream(name))));
    const merged = [...skuEvents.flatMap(until), ...configurationEvents].sort((a, b) =>
      comparePositions(a.position, b.position),
    );
    let configuration = initialConfiguration();
    const states = new Map(skusThen.map((name) => [name, initialSkuState(name)]));
    for (const event of merged) {
      const folded = { type: event.type, data: event.data };
      const skuOf = skuOfStream(event.streamId);
      if (event.streamId === CONFIGURATION_STREAM)
        configuration = evolveConfiguration(configuration, folded as ConfigurationEvent);
      else if (skuOf !== undefined)
        states.set(skuOf, evolveSku(states.get(skuOf) ?? initialSkuState(skuOf), folded as SkuEvent));
    }
    return this.viewIn(configuration, stockId, sku, states);
  }

  /** The SKU's stream, for audit: every input and decision with its position and cause. */
  async events(sku: string, from = 0, limit = 100) {
    const events = await this.store.readStream(skuStream(sku), { from, maxCount: limit });
    return {
      sku,
      events: events.map((event) => ({
        revision: event.revision,
        position: `${event.position.commit}:${event.position.prepare}`,
        type: event.type,
        data: event.data,
        causationId: event.metadata.causationId ?? null,
        correlationId: event.metadata.correlationId ?? null,
        recordedAt: event.recordedAt.toISOString(),
      })),
    };
  }

  private viewIn(configuration: Configuration, stockId: number, sku: string, skus: SkuStates): SalableView {
    if (!liveStock(configuration, stockId))
      throw ApiError.notFound('stock_not_found', `Stock ${stockId} does not exist`);
    return salableView(standingOf(sku, skus, configuration, stockId));
  }
}
