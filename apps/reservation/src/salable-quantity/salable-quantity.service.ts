import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, RecordedEvent, comparePositions } from '@inventory/event-store';
import { ApiError } from '@inventory/service-runtime';
import {
  Configuration,
  evolveConfiguration,
  initialConfiguration,
  liveStock,
} from '../configuration/configuration';
import { salableView, standingIn } from '../sku-state/salable-quantity';
import { evolveSku, initialSkuState } from '../sku-state/sku-state';
import {
  CONFIGURATION_STREAM,
  ConfigurationEvent,
  SalableView,
  SkuEvent,
  skuStream,
} from '../streams/stream-events';
import { InventoryStreams, CACHED_READ_MAX_AGE_MS, skuIn } from '../streams/inventory-streams';

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
    const [configuration, skus] = await Promise.all([
      this.streams.configuration(CACHED_READ_MAX_AGE_MS),
      this.streams.skus([sku], CACHED_READ_MAX_AGE_MS),
    ]);
    return this.viewIn(configuration.state, stockId, skuIn({ skus }, sku));
  }

  /** Time travel: the SKU's stream and the configuration folded up to `at`, in the store's global order. */
  async at(stockId: number, sku: string, at: Date): Promise<SalableView> {
    const [skuEvents, configurationEvents] = await Promise.all([
      this.store.readStream(skuStream(sku)),
      this.store.readStream(CONFIGURATION_STREAM),
    ]);
    const until = (events: RecordedEvent[]) => events.filter((event) => event.recordedAt <= at);
    const merged = [...until(skuEvents), ...until(configurationEvents)].sort((a, b) =>
      comparePositions(a.position, b.position),
    );
    let configuration = initialConfiguration();
    let state = initialSkuState(sku);
    for (const event of merged) {
      const folded = { type: event.type, data: event.data };
      if (event.streamId === CONFIGURATION_STREAM)
        configuration = evolveConfiguration(configuration, folded as ConfigurationEvent);
      else state = evolveSku(state, folded as SkuEvent);
    }
    return this.viewIn(configuration, stockId, state);
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

  private viewIn(configuration: Configuration, stockId: number, state: ReturnType<typeof initialSkuState>) {
    if (!liveStock(configuration, stockId))
      throw ApiError.notFound('stock_not_found', `Stock ${stockId} does not exist`);
    return salableView(standingIn(state, configuration, stockId));
  }
}
