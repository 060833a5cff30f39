import {
  givenConfiguration,
  givenSku,
  globalSettings,
  productSettings,
  quantities,
  stock,
} from '../testing/given';
import { standingIn } from '../sku-state/salable-quantity';
import { BACKORDER_NOTICE, checkRequest } from './check-request';

const codes = (check: ReturnType<typeof checkRequest>) => check.errors.map((error) => error.code);

describe('checkRequest: may q units be sold? (Magento codes)', () => {
  const defaults = givenConfiguration();
  const standing = (...settings: Parameters<typeof productSettings>) =>
    standingIn(givenSku('A', quantities({ default: 10 }), productSettings(...settings)), defaults, 1);

  it('accepts what is salable', () => {
    expect(checkRequest(standing({}), 10)).toEqual({
      isSalable: true,
      backorderQty: 0,
      errors: [],
      notice: null,
    });
  });

  it('refuses more than salable: "Only X of Y available", or "Not enough items for sale" at 0', () => {
    expect(checkRequest(standing({}), 11).errors).toEqual([
      { code: 'is_salable_with_reservations-not_enough_qty', message: 'Only 10 of 11 available' },
    ]);
    const empty = standingIn(givenSku('A', quantities({ default: 0 })), defaults, 1);
    expect(checkRequest(empty, 1).errors[0].message).toBe('Not enough items for sale');
  });

  it('checks min and max sale quantities', () => {
    expect(checkRequest(standing({ minSaleQty: 2 }), 1).errors).toEqual([
      { code: 'is_correct_qty-min_sale_qty', message: 'The fewest you may purchase is 2.' },
    ]);
    expect(checkRequest(standing({ maxSaleQty: 3 }), 4).errors).toEqual([
      { code: 'is_correct_qty-max_sale_qty', message: 'The most you may purchase is 3.' },
    ]);
  });

  it('checks quantity increments, also for decimal quantities', () => {
    expect(codes(checkRequest(standing({ enableQtyIncrements: true, qtyIncrements: 3 }), 4))).toEqual([
      'is_correct_qty-qty_increment',
    ]);
    expect(checkRequest(standing({ enableQtyIncrements: true, qtyIncrements: 3 }), 9).isSalable).toBe(true);
    const byWeight = { isQtyDecimal: true, enableQtyIncrements: true, qtyIncrements: 0.25, minSaleQty: 0.25 };
    expect(checkRequest(standing(byWeight), 1.75).isSalable).toBe(true);
    expect(codes(checkRequest(standing(byWeight), 1.8))).toEqual(['is_correct_qty-qty_increment']);
  });

  it('refuses decimal quantities unless isQtyDecimal', () => {
    expect(codes(checkRequest(standing({}), 1.5))).toEqual(['is_correct_qty-is_qty_decimal']);
    expect(checkRequest(standing({ isQtyDecimal: true }), 1.5).isSalable).toBe(true);
  });

  it('refuses a SKU not assigned to the stock of the channel', () => {
    const configuration = givenConfiguration(stock(2, ['east'], ['us']));
    const unassigned = standingIn(givenSku('A', quantities({ default: 10 })), configuration, 2);
    expect(codes(checkRequest(unassigned, 1))).toEqual(['requested-sku-is-not-assigned-to-given-stock']);
  });

  it('backorders the part above physical stock, with the notice for allow_notify only', () => {
    const notify = givenConfiguration(globalSettings({ backorders: 'allow_notify' }));
    const outOfStock = standingIn(givenSku('HDB-001', quantities({ default: 0 })), notify, 1);
    expect(checkRequest(outOfStock, 3)).toEqual({
      isSalable: true,
      backorderQty: 3,
      errors: [],
      notice: BACKORDER_NOTICE,
    });
    const silent = givenConfiguration(globalSettings({ backorders: 'allow' }));
    const some = standingIn(givenSku('HDB-001', quantities({ default: 2 })), silent, 1);
    expect(checkRequest(some, 3)).toMatchObject({ isSalable: true, backorderQty: 1, notice: null });
  });

  it('names every problem at once', () => {
    expect(codes(checkRequest(standing({ maxSaleQty: 5 }), 11.5))).toEqual([
      'is_correct_qty-is_qty_decimal',
      'is_correct_qty-max_sale_qty',
      'is_salable_with_reservations-not_enough_qty',
    ]);
  });
});
