import { DEFAULT_INVENTORY_SETTINGS } from '@inventory/contracts';
import { settingsProblems } from './settings-rules';

describe('settingsProblems', () => {
  it('accepts the defaults and the seed example (threshold −50 with backorders)', () => {
    expect(settingsProblems(DEFAULT_INVENTORY_SETTINGS)).toEqual([]);
    expect(settingsProblems({ ...DEFAULT_INVENTORY_SETTINGS, backorders: 'allow', minQty: -50 })).toEqual([]);
  });

  it('refuses a negative out-of-stock threshold without backorders', () => {
    expect(settingsProblems({ ...DEFAULT_INVENTORY_SETTINGS, minQty: -1 }).map((p) => p.field)).toEqual([
      'minQty',
    ]);
  });

  it('refuses a maximum below the minimum sale quantity and fractional increments of whole-unit goods', () => {
    const settings = {
      ...DEFAULT_INVENTORY_SETTINGS,
      minSaleQty: 5,
      maxSaleQty: 2,
      enableQtyIncrements: true,
      qtyIncrements: 0.5,
    };
    expect(settingsProblems(settings).map((p) => p.field)).toEqual(['maxSaleQty', 'qtyIncrements']);
    expect(settingsProblems({ ...settings, maxSaleQty: 10, isQtyDecimal: true })).toEqual([]);
  });
});
