import { createEvent } from '@inventory/contracts';
import { OutboxEntry } from '@inventory/messaging';
import { LowStockChange } from './low-stock-store';

/**
 * The changes that are crossings: not low before, low now (a new item that starts low included).
 * An item that stays low is not a crossing, so it is announced once until it recovers and drops.
 */
export const crossingsIn = (changes: readonly LowStockChange[]): LowStockChange[] =>
  changes.filter((change) => change.isLow && !change.wasLow);

export function lowStockDetected(crossing: LowStockChange): OutboxEntry {
  const { sku, sourceCode, quantity, threshold } = crossing;
  return {
    event: createEvent(
      'LowStockDetected',
      { sku, sourceCode, quantity, notifyStockQty: threshold as number },
      { source: 'notification' },
    ),
    key: sku,
  };
}
