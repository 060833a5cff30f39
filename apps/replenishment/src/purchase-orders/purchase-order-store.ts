import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, WrongExpectedRevisionError } from '@inventory/event-store';
import {
  PurchaseOrder,
  PurchaseOrderEvent,
  evolvePurchaseOrder,
  purchaseOrderStream,
} from './purchase-order';

/** Attempts at a decision whose stream another request moved meanwhile, before answering 503. */
const ATTEMPTS = 5;

/** A purchase order's stream, read and folded, with the revision a decision on it expects. */
export interface LoadedPurchaseOrder {
  readonly state: PurchaseOrder | undefined;
  readonly revision: number | 'no_stream';
}

/**
 * Purchase orders in the event store, one stream each: read, folded, decided, appended at the
 * revision read. Two requests on one order never both apply: the second is decided again on what
 * the first recorded (a receipt the first made is then seen, a cancel refuses the receipt).
 */
@Injectable()
export class PurchaseOrderStore {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async load(purchaseOrderId: string): Promise<LoadedPurchaseOrder> {
    const events = await this.store.readStream(purchaseOrderStream(purchaseOrderId));
    const state = events.reduce(
      (order: PurchaseOrder | undefined, event) =>
        evolvePurchaseOrder(order, { type: event.type, data: event.data } as PurchaseOrderEvent),
      undefined,
    );
    return { state, revision: events.length ? events[events.length - 1].revision : 'no_stream' };
  }

  /**
   * Decides on the order as stored and appends what was decided; returns the order after it. A
   * Refusal from the decider goes to the caller; losing the race ATTEMPTS times in a row is a
   * WrongExpectedRevisionError, which HTTP answers 503 write_contention.
   */
  async decide(
    purchaseOrderId: string,
    decide: (state: PurchaseOrder | undefined) => PurchaseOrderEvent[],
    correlationId: string = randomUUID(),
  ): Promise<{ order: PurchaseOrder | undefined; recorded: boolean }> {
    for (let attempt = 1; ; attempt++) {
      const { state, revision } = await this.load(purchaseOrderId);
      const events = decide(state);
      if (!events.length) return { order: state, recorded: false };
      try {
        await this.store.appendToStream(
          purchaseOrderStream(purchaseOrderId),
          events.map((event) => ({
            eventId: randomUUID(),
            type: event.type,
            data: event.data,
            metadata: { correlationId },
          })),
          { expectedRevision: revision },
        );
        return { order: events.reduce(evolvePurchaseOrder, state as PurchaseOrder), recorded: true };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= ATTEMPTS) throw error;
      }
    }
  }
}
