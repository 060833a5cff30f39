import { createEvent } from '@inventory/contracts';
import { OutboxEntry } from '@inventory/messaging';
import { RecordedEvent } from '@inventory/event-store';
import { OrderEvent, SkuEvent, parseRef, skuOfStream } from '../streams/stream-events';

const SOURCE = 'reservation';

function meta(recorded: RecordedEvent) {
  const { causationId, correlationId } = recorded.metadata as {
    causationId?: string;
    correlationId?: string;
  };
  return {
    source: SOURCE,
    // The stream event's id: relaying the same stored event twice publishes one event id.
    eventId: recorded.eventId,
    occurredAt: recorded.recordedAt,
    causedBy: causationId && correlationId ? { eventId: causationId, correlationId } : undefined,
  };
}

/** The Kafka events (inventory.reservations.v1) a stored event stands for, if any. */
export function reservationEventsOf(recorded: RecordedEvent): OutboxEntry[] {
  const event = { type: recorded.type, data: recorded.data } as OrderEvent | SkuEvent;
  switch (event.type) {
    case 'OrderReservationPlaced': {
      const { orderId, stockId, items, kits, backorders } = event.data;
      const data = {
        orderId,
        stockId,
        items,
        ...(kits ? { kits } : {}),
        ...(backorders ? { backorders } : {}),
      };
      return [
        {
          event: createEvent('OrderReservationPlaced', data, meta(recorded)),
          key: orderId,
        },
      ];
    }
    case 'OrderReservationRejected': {
      const { orderId, lines } = event.data;
      return [
        { event: createEvent('OrderReservationRejected', { orderId, lines }, meta(recorded)), key: orderId },
      ];
    }
    case 'ReservationCompensated': {
      const { kind, id } = parseRef(event.data.ref);
      if (kind !== 'order' || event.data.qty <= 0) return [];
      const sku = skuOfStream(recorded.streamId) ?? recorded.streamId;
      const data = { orderId: id, sku, qty: event.data.qty, reason: event.data.reason };
      return [{ event: createEvent('ReservationCompensated', data, meta(recorded)), key: id }];
    }
    default:
      return [];
  }
}
