import { EVENT_STORE, EventStore, Position, START } from '@inventory/event-store';
import { Inject, Injectable } from '@nestjs/common';
import { HoldState, evolveHold } from '../../holds/hold-state';
import { OrderDecision, evolveOrder } from '../../reserve-order/order-decision';
import { SkuState, evolveSku, initialSkuState } from '../../sku-state/sku-state';
import {
  HoldEvent,
  ORDER_STREAM_PREFIX,
  OrderEvent,
  SkuEvent,
  skuOfStream,
} from '../../streams/stream-events';
import { ReservationSnapshot } from './audit-rules';

const PAGE = 5_000;
const HOLD_PREFIX = 'hold-';

/** Every SKU, order and hold stream of the event store, folded: what the audit compares. */
@Injectable()
export class ReservationSnapshotReader {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async read(onProgress: (events: number) => void = () => undefined): Promise<ReservationSnapshot> {
    const skus = new Map<string, SkuState>();
    const orders = new Map<string, OrderDecision>();
    const orderRevisions = new Map<string, number>();
    const holds = new Map<string, HoldState>();
    let after: Position | undefined;
    let read = 0;
    for (;;) {
      const events = await this.store.readAll(
        after ? { afterPosition: after, maxCount: PAGE } : { fromPosition: START, maxCount: PAGE },
      );
      if (!events.length) break;
      for (const recorded of events) {
        const event = { type: recorded.type, data: recorded.data };
        const { streamId } = recorded;
        const sku = skuOfStream(streamId);
        if (sku !== undefined) {
          skus.set(sku, evolveSku(skus.get(sku) ?? initialSkuState(sku), event as SkuEvent));
        } else if (streamId.startsWith(ORDER_STREAM_PREFIX)) {
          const orderId = streamId.slice(ORDER_STREAM_PREFIX.length);
          orders.set(orderId, evolveOrder(orders.get(orderId), event as OrderEvent));
          orderRevisions.set(orderId, recorded.revision);
        } else if (streamId.startsWith(HOLD_PREFIX)) {
          const hold = evolveHold(holds.get(streamId), event as HoldEvent);
          if (hold) holds.set(streamId, hold);
        }
      }
      after = events[events.length - 1].position;
      read += events.length;
      onProgress(read);
    }
    const openHolds = [...holds.values()].filter((hold) => !hold.releasedBecause);
    return { skus, orders, orderRevisions, openHolds };
  }
}
