import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, Position, positionToString } from '@inventory/event-store';
import { MESSAGE_PUBLISHER, MessagePublisher, toOutgoingMessage } from '@inventory/messaging';
import { reservationEventsOf } from '../salable-quantity/integration-events';

const PAGE = 5_000;

export interface RepublishProgress {
  readonly read: number;
  readonly published: number;
  readonly position: string | null;
}

/**
 * Re-emits to Kafka the reservation events (OrderReservationPlaced/Rejected, ReservationCompensated)
 * the stored events stand for, from a position on. They keep their event ids, so consumers that
 * already applied them skip them; a new or rebuilt consumer gets them all.
 */
@Injectable()
export class Republisher {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_PUBLISHER) private readonly publisher: MessagePublisher,
  ) {}

  async run(from: Position, onProgress: (progress: RepublishProgress) => void = () => undefined) {
    let read = 0;
    let published = 0;
    let after: Position | undefined;
    for (;;) {
      const events = await this.store.readAll(
        after ? { afterPosition: after, maxCount: PAGE } : { fromPosition: from, maxCount: PAGE },
      );
      if (!events.length) return { read, published };
      const messages = events
        .flatMap(reservationEventsOf)
        .map(({ event, key }) => toOutgoingMessage(event, key));
      if (messages.length) await this.publisher.publish(messages);
      after = events[events.length - 1].position;
      read += events.length;
      published += messages.length;
      onProgress({ read, published, position: positionToString(after) });
    }
  }
}
