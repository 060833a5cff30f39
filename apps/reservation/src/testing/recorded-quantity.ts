import { randomUUID } from 'node:crypto';
import { EventStore } from '@inventory/event-store';
import { skuStream } from '../streams/stream-events';

/**
 * For integration specs: `quantity` units of `sku` at the default source, recorded straight into
 * its stream as the service records the catalog's SourceItemsSaved (out of stock at 0).
 */
export const recordQuantity = (store: EventStore, sku: string, quantity: number) =>
  store.appendToStream(
    skuStream(sku),
    [
      {
        eventId: randomUUID(),
        type: 'SourceItemsRecorded',
        data: {
          items: [{ sourceCode: 'default', quantity, status: quantity > 0 ? 'in_stock' : 'out_of_stock' }],
          reason: 'manual',
        },
      },
    ],
    { expectedRevision: 'any' },
  );
