import { LowStockActivity } from '@inventory/contracts';
import { givenConfiguration, givenSku, productSettings, quantities, reserved } from '../testing/given';
import { checkRequestedLines } from './check-lines';

const TODAY = '2026-12-05';

describe('checkRequestedLines: a storefront is answered as the order would be', () => {
  const configuration = givenConfiguration();
  const skus = new Map([
    ['A', givenSku('A', quantities({ default: 10 }), reserved('other', 5))],
    [
      'B',
      givenSku('B', quantities({ default: 2 }), productSettings({ backorders: 'allow_notify', minQty: -10 })),
    ],
  ]);

  it('checks two lines of one SKU against their sum: 3 + 3 of 5 salable is refused on both', () => {
    const lines = checkRequestedLines(
      1,
      [
        { sku: 'A', qty: 3 },
        { sku: 'A', qty: 3 },
      ],
      configuration,
      skus,
      TODAY,
    );
    expect(lines.map((line) => line.isSalable)).toEqual([false, false]);
    expect(lines[0].errors).toEqual([
      { code: 'is_salable_with_reservations-not_enough_qty', message: 'Only 5 of 6 available' },
    ]);
    const fits = checkRequestedLines(
      1,
      [
        { sku: 'A', qty: 2 },
        { sku: 'A', qty: 3 },
      ],
      configuration,
      skus,
      TODAY,
    );
    expect(fits.map((line) => line.isSalable)).toEqual([true, true]);
  });

  it('puts the backorder of the sum on the last lines of the SKU, with the notice only there', () => {
    const lines = checkRequestedLines(
      1,
      [
        { sku: 'B', qty: 1 },
        { sku: 'A', qty: 1 },
        { sku: 'B', qty: 3 },
      ],
      configuration,
      skus,
      TODAY,
    );
    expect(lines.map((line) => [line.sku, line.isSalable, line.backorderQty])).toEqual([
      ['B', true, 0],
      ['A', true, 0],
      ['B', true, 2],
    ]);
    expect(lines[0].notice).toBeNull();
    expect(lines[2].notice).toMatch(/backorder/);
  });

  it("refuses a storefront below Smartstore's Minimum Stock Quantity, with the activity's code", () => {
    const smartstore = (lowStockActivity: LowStockActivity) =>
      new Map([
        [
          'S',
          givenSku(
            'S',
            quantities({ default: 4 }),
            productSettings({ lowStockActivity, lowStockActivityQty: 5 }),
          ),
        ],
      ]);
    const [disabled] = checkRequestedLines(
      1,
      [{ sku: 'S', qty: 1 }],
      configuration,
      smartstore('disable_buy_button'),
      TODAY,
    );
    expect(disabled).toMatchObject({ isSalable: false });
    expect(disabled.errors.at(-1)).toEqual({
      code: 'low_stock_activity-buy_button_disabled',
      message: 'Not for sale: the buy button is off while the stock is below 5',
    });
    const [hidden] = checkRequestedLines(
      1,
      [{ sku: 'S', qty: 1 }],
      configuration,
      smartstore('unpublish'),
      TODAY,
    );
    expect(hidden.errors.at(-1)?.code).toBe('low_stock_activity-unpublished');
    const [buyable] = checkRequestedLines(
      1,
      [{ sku: 'S', qty: 1 }],
      configuration,
      smartstore('nothing'),
      TODAY,
    );
    expect(buyable).toMatchObject({ isSalable: true, errors: [] });
  });

  it('backorders nothing on a line the low-stock activity refuses, and puts its code after the quantity verdicts', () => {
    const backordered = new Map([
      [
        'K',
        givenSku(
          'K',
          quantities({ default: 2 }),
          productSettings({
            backorders: 'allow_notify',
            minQty: -2,
            lowStockActivity: 'disable_buy_button',
            lowStockActivityQty: 5,
          }),
        ),
      ],
    ]);
    const [line] = checkRequestedLines(1, [{ sku: 'K', qty: 3 }], configuration, backordered, TODAY);
    expect(line).toMatchObject({ isSalable: false, backorderQty: 0, notice: null });
    expect(line.errors.map((error) => error.code)).toEqual(['low_stock_activity-buy_button_disabled']);
  });
});
