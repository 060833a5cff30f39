import { reorderSuggestion } from './reorder-point';

const inputs = {
  available: 10,
  incoming: 0,
  safetyStock: 5,
  shipped: 56, // 2 a day over 28 days
  leadTimeDays: 7,
  isQtyDecimal: false,
};

describe('reorder point = daily sales × lead time + safety stock', () => {
  it('suggests nothing while what is on hand and coming is above the point', () => {
    // 2 × 7 + 5 = 19: 20 on hand is enough.
    expect(reorderSuggestion({ ...inputs, available: 20 })).toBeNull();
    // 10 on hand and 10 coming is enough too.
    expect(reorderSuggestion({ ...inputs, incoming: 10 })).toBeNull();
  });

  it('at or below the point, buys up to the point plus 28 days of sales', () => {
    // 19 + 2 × 28 − 10 = 65.
    expect(reorderSuggestion(inputs)).toEqual({ dailySales: 2, reorderPoint: 19, suggestedQty: 65 });
    expect(reorderSuggestion({ ...inputs, available: 19 })?.suggestedQty).toBe(56);
  });

  it('rounds up to whole units unless the SKU is bought in fractions', () => {
    // 1 shipped in 28 days: 1/28 a day; point = 7/28 + 0 = 0.25; short = 0.25 + 1 − 0 = 1.25.
    const slow = { ...inputs, available: 0, safetyStock: 0, shipped: 1 };
    expect(reorderSuggestion(slow)?.suggestedQty).toBe(2);
    expect(reorderSuggestion({ ...slow, isQtyDecimal: true })?.suggestedQty).toBe(1.25);
  });

  it('keeps the safety stock with no sales, and suggests nothing for a SKU that neither sells nor keeps one', () => {
    expect(reorderSuggestion({ ...inputs, shipped: 0, available: 3 })).toEqual({
      dailySales: 0,
      reorderPoint: 5,
      suggestedQty: 2,
    });
    expect(reorderSuggestion({ ...inputs, shipped: 0, safetyStock: 0, available: 0 })).toBeNull();
  });
});
