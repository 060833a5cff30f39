import { ADJUSTMENT_REASONS, INVENTORY_STATES } from '@inventory/contracts';
import { REASON_LABELS, STATE_FIELDS, STATE_LABELS, causeInWords } from './inventory-words';

describe('inventory words', () => {
  it('names every state and every adjustment reason of the contracts, and nothing else', () => {
    expect(Object.keys(STATE_LABELS).sort()).toEqual([...INVENTORY_STATES].sort());
    expect(Object.keys(STATE_FIELDS).sort()).toEqual([...INVENTORY_STATES].sort());
    expect(Object.keys(REASON_LABELS).sort()).toEqual([...ADJUSTMENT_REASONS].sort());
  });

  it("says what moved a quantity in the merchant's words", () => {
    expect(causeInWords('adjustment', 'cycle_count')).toBe('Adjustment: Cycle count');
    expect(causeInWords('transfer', 'transfer_received')).toBe('Transfer received');
    expect(causeInWords('import', 'import')).toBe('CSV import');
  });
});
