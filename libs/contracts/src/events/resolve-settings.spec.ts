import { mergeSettings, resolveSettings } from './resolve-settings';
import { DEFAULT_INVENTORY_SETTINGS } from './settings';

describe('resolveSettings', () => {
  it('takes the built-in defaults when nothing is configured', () => {
    const { settings, origin } = resolveSettings({});
    expect(settings).toEqual(DEFAULT_INVENTORY_SETTINGS);
    expect(new Set(Object.values(origin))).toEqual(new Set(['default']));
  });

  it('prefers the product override, then the global value, field by field', () => {
    const { settings, origin } = resolveSettings(
      { backorders: 'allow', minQty: -10, stockThresholdQty: 5 },
      { minQty: -50, notifyStockQty: 10 },
    );
    expect(settings).toMatchObject({
      backorders: 'allow',
      minQty: -50,
      notifyStockQty: 10,
      stockThresholdQty: 5,
      manageStock: true,
    });
    expect(origin).toMatchObject({
      backorders: 'global',
      minQty: 'product',
      notifyStockQty: 'product',
      manageStock: 'default',
    });
  });

  it('treats an explicit null as "use the level below"', () => {
    const { settings, origin } = resolveSettings({ minSaleQty: 2 }, { minSaleQty: null });
    expect(settings.minSaleQty).toBe(2);
    expect(origin.minSaleQty).toBe('global');
  });

  it('keeps false and 0 overrides (they are values, not absences)', () => {
    const { settings, origin } = resolveSettings(
      { manageStock: true, minQty: 5 },
      { manageStock: false, minQty: 0 },
    );
    expect(settings).toMatchObject({ manageStock: false, minQty: 0 });
    expect(origin).toMatchObject({ manageStock: 'product', minQty: 'product' });
  });
});

describe('mergeSettings', () => {
  it('sets present fields, removes nulls and keeps absent ones', () => {
    expect(mergeSettings({ minQty: -50, backorders: 'allow' }, { minQty: null, maxSaleQty: 20 })).toEqual({
      backorders: 'allow',
      maxSaleQty: 20,
    });
  });
});
