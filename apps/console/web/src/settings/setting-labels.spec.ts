import { BACKORDERS, DEFAULT_INVENTORY_SETTINGS, LOW_STOCK_ACTIVITIES } from '@inventory/contracts';
import { SETTING_LABELS, inMerchantOrder, labelOf, valueInWords } from './setting-labels';

/** The console's words for the settings are held to the contracts' list: none missing, none extra. */
describe("the settings in the merchant's words", () => {
  const settings = Object.keys(DEFAULT_INVENTORY_SETTINGS);

  it('names every setting of the contracts once, and nothing else', () => {
    expect(SETTING_LABELS.map((setting) => setting.key).sort()).toEqual([...settings].sort());
    expect(new Set(SETTING_LABELS.map((setting) => setting.label)).size).toBe(SETTING_LABELS.length);
  });

  it('offers exactly the values the API takes for every setting that is not a number', () => {
    const choicesOf = (key: string) => Object.keys(labelOf(key).choices ?? {}).sort();
    expect(choicesOf('backorders')).toEqual([...BACKORDERS].sort());
    expect(choicesOf('lowStockActivity')).toEqual([...LOW_STOCK_ACTIVITIES].sort());
    for (const key of settings) {
      const type = typeof DEFAULT_INVENTORY_SETTINGS[key as keyof typeof DEFAULT_INVENTORY_SETTINGS];
      if (type === 'boolean') expect(choicesOf(key)).toEqual(['false', 'true']);
      if (type === 'number') expect(labelOf(key).choices).toBeUndefined();
    }
  });

  it('says a value in words, and keeps what it does not know', () => {
    expect(labelOf('minQty').label).toBe('Out-of-Stock Threshold');
    expect(valueInWords('backorders', 'allow_notify')).toBe('Allow Qty Below 0 and Notify Customer');
    expect(valueInWords('manageStock', false)).toBe('No');
    expect(valueInWords('minQty', -50)).toBe('-50');
    expect(labelOf('futureSetting')).toEqual({ key: 'futureSetting', label: 'futureSetting', help: '' });
    expect(inMerchantOrder(['isQtyDecimal', 'futureSetting', 'manageStock'])).toEqual([
      'manageStock',
      'isQtyDecimal',
      'futureSetting',
    ]);
  });
});
