import {
  givenConfiguration,
  givenSku,
  globalSettings,
  productSettings,
  quantities,
  reserved,
  stock,
} from '../testing/given';
import { lowStockActivityOf, standingIn } from './salable-quantity';

describe('salable quantity', () => {
  const defaults = givenConfiguration();

  it('is sourceQty + reserved − minQty over enabled, in-stock sources of the stock', () => {
    const configuration = givenConfiguration(stock(1, ['default', 'east'], ['base']), {
      type: 'SourceRecorded',
      data: { code: 'west', enabled: true },
    });
    const sku = givenSku('A', quantities({ default: 10, east: 5, elsewhere: 100 }), reserved('o1', 3));
    expect(standingIn(sku, configuration, 1)).toMatchObject({
      salableQty: 12,
      isSalable: true,
      onlyXLeft: null,
    });
  });

  it('leaves out disabled sources and out-of-stock items', () => {
    const sku = givenSku('A', quantities({ default: 10 }), quantities({ east: 7 }, 'out_of_stock'));
    const configuration = givenConfiguration(stock(1, ['default', 'east'], ['base']));
    expect(standingIn(sku, configuration, 1).salableQty).toBe(10);
    const disabled = givenConfiguration(stock(1, ['default', 'east'], ['base']), {
      type: 'SourceRecorded',
      data: { code: 'default', enabled: false },
    });
    expect(standingIn(sku, disabled, 1)).toMatchObject({ salableQty: 0, isSalable: false });
  });

  it('deducts a positive Out-of-Stock Threshold, never notifyStockQty', () => {
    const sku = givenSku('A', quantities({ default: 10 }), productSettings({ minQty: 2, notifyStockQty: 8 }));
    expect(standingIn(sku, defaults, 1).salableQty).toBe(8);
  });

  it('is unlimited when stock is not managed, or backorders are on with a threshold ≥ 0', () => {
    const sku = givenSku('A', quantities({ default: 0 }));
    expect(standingIn(sku, givenConfiguration(globalSettings({ manageStock: false })), 1)).toMatchObject({
      salableQty: null,
      isSalable: true,
    });
    const backorders = givenConfiguration(globalSettings({ backorders: 'allow' }));
    expect(standingIn(sku, backorders, 1)).toMatchObject({
      salableQty: null,
      isSalable: true,
      physicalQty: 0,
    });
  });

  it("follows a merchant's example: qty 25, threshold −50 ⇒ 75; 70 sold ⇒ Only 5 left; 5 more ⇒ out of stock", () => {
    const settings = productSettings({ backorders: 'allow', minQty: -50, stockThresholdQty: 5 });
    const fresh = givenSku('HDB-001', quantities({ default: 25 }), settings);
    expect(standingIn(fresh, defaults, 1)).toMatchObject({
      salableQty: 75,
      onlyXLeft: null,
      physicalQty: 25,
    });
    const after70 = givenSku('HDB-001', quantities({ default: 25 }), settings, reserved('o1', 70));
    expect(standingIn(after70, defaults, 1)).toMatchObject({ salableQty: 5, isSalable: true, onlyXLeft: 5 });
    const after75 = givenSku(
      'HDB-001',
      quantities({ default: 25 }),
      settings,
      reserved('o1', 70),
      reserved('o2', 5),
    );
    expect(standingIn(after75, defaults, 1)).toMatchObject({
      salableQty: 0,
      isSalable: false,
      onlyXLeft: null,
    });
  });

  it('is 0 and not salable in a stock none of whose sources hold the SKU', () => {
    const configuration = givenConfiguration(stock(2, ['east'], ['us']));
    const sku = givenSku('A', quantities({ default: 10 }));
    expect(standingIn(sku, configuration, 2)).toMatchObject({
      assigned: false,
      salableQty: 0,
      isSalable: false,
    });
  });

  describe('sources shared by several stocks', () => {
    // Stock 1 and stock 2 both sell from `shared` (10 units); stock 2 also has `own` (4 units).
    const configuration = givenConfiguration(
      stock(1, ['shared'], ['base']),
      stock(2, ['shared', 'own'], ['us']),
    );

    it('counts reservations of every stock drawing on a shared source', () => {
      const sku = givenSku('A', quantities({ shared: 10, own: 4 }), reserved('o1', 6, 1));
      expect(standingIn(sku, configuration, 1).salableQty).toBe(4);
      expect(standingIn(sku, configuration, 2).salableQty).toBe(8);
    });

    it("lets stock 2's own source serve stock 2 first (Hall's condition, not a plain sum)", () => {
      const sku = givenSku('A', quantities({ shared: 10, own: 4 }), reserved('o1', 4, 2));
      // Stock 2's 4 units can come from `own`, leaving all of `shared` to stock 1.
      expect(standingIn(sku, configuration, 1).salableQty).toBe(10);
      expect(standingIn(sku, configuration, 2).salableQty).toBe(10);
    });

    it('is exactly the Magento formula when stocks share nothing', () => {
      const apart = givenConfiguration(stock(1, ['a'], ['base']), stock(2, ['b'], ['us']));
      const sku = givenSku('A', quantities({ a: 10, b: 3 }), reserved('o1', 2, 1), reserved('o2', 1, 2));
      expect(standingIn(sku, apart, 1).salableQty).toBe(8);
      expect(standingIn(sku, apart, 2).salableQty).toBe(2);
    });

    it('never publishes a quantity beyond what events and columns hold (±10¹⁵), however many sources', () => {
      const many = givenConfiguration(stock(1, ['a', 'b', 'c'], ['base']));
      const sku = givenSku('A', quantities({ a: 1e15, b: 1e15, c: 1e15 }));
      expect(standingIn(sku, many, 1)).toMatchObject({ salableQty: 1e15, physicalQty: 1e15 });
    });

    it('stays a finite number with 32 stocks on one source (the subsets loop overflowed to Infinity)', () => {
      const ids = Array.from({ length: 32 }, (_, index) => index + 1);
      const many = givenConfiguration(...ids.map((id) => stock(id, ['shared'], [`channel-${id}`])));
      const sku = givenSku('A', quantities({ shared: 100 }), ...ids.map((id) => reserved(`o${id}`, 1, id)));
      expect(standingIn(sku, many, 1).salableQty).toBe(68);
      expect(standingIn(sku, many, 32).salableQty).toBe(68);
    });
  });

  describe("low-stock activity (Smartstore's Minimum Stock Quantity)", () => {
    const activityAt = (quantity: number, settings: object) =>
      lowStockActivityOf(
        standingIn(givenSku('A', quantities({ default: quantity }), productSettings(settings)), defaults, 1),
      );

    it('acts below lowStockActivityQty, not at it', () => {
      const disable = { lowStockActivity: 'disable_buy_button', lowStockActivityQty: 5 };
      expect(activityAt(4, disable)).toBe('buy_button_disabled');
      expect(activityAt(5, disable)).toBeNull();
      expect(activityAt(4, { ...disable, lowStockActivity: 'unpublish' })).toBe('unpublished');
      expect(activityAt(0, { ...disable, lowStockActivity: 'nothing' })).toBeNull();
    });

    it('is off without a threshold (null), even out of stock', () => {
      expect(activityAt(1, { lowStockActivity: 'unpublish' })).toBeNull();
      expect(activityAt(0, { lowStockActivity: 'unpublish' })).toBeNull();
    });

    it('never acts on an unlimited SKU', () => {
      const unmanaged = { manageStock: false, lowStockActivity: 'unpublish', lowStockActivityQty: 5 };
      expect(activityAt(0, unmanaged)).toBeNull();
    });
  });
});
