import { decideCancel } from '../compensation/decide-compensation';
import { checkRequestedLines } from '../checkout/check-lines';
import { releaseHoldEvents, decideHold, evolveHold } from '../holds/hold-state';
import { decideOrder } from '../reserve-order/decide-order';
import { evolveOrder } from '../reserve-order/order-decision';
import { Outcome } from '../streams/outcome';
import {
  givenConfiguration,
  givenSku,
  kit,
  productSettings,
  quantities,
  reserved,
  stock,
} from '../testing/given';
import { standingOf } from './kit-standing';

const TODAY = '2026-12-05';

// A gift box is two mugs and one tea; the tea duo two teas.
const configuration = givenConfiguration(
  kit('GIFT-BOX', { MUG: 2, TEA: 1 }),
  kit('TEA-DUO', { TEA: 2 }),
  stock(2, ['eu'], ['eu-shop']),
);
const skus = new Map([
  ['MUG', givenSku('MUG', quantities({ default: 7 }))],
  ['TEA', givenSku('TEA', quantities({ default: 10 }), reserved('earlier', 4))],
]);
const unitsTaken = (outcome: Outcome) =>
  Object.fromEntries([...outcome.skus].map(([sku, events]) => [sku, events.map((event) => event.data)]));

describe('a kit is sold as the minimum over its components', () => {
  it('makes as many kits as its scarcest component: 7 mugs ÷ 2 and 6 teas ÷ 1 make 3 boxes', () => {
    expect(standingOf('GIFT-BOX', skus, configuration, 1)).toMatchObject({
      salableQty: 3,
      isSalable: true,
      assigned: true,
    });
    expect(standingOf('TEA-DUO', skus, configuration, 1)).toMatchObject({ salableQty: 3 });
  });

  it('is sold out by one component alone, and is not in a stock where a component is not', () => {
    const noMugs = new Map([...skus, ['MUG', givenSku('MUG', quantities({ default: 1 }))]]);
    expect(standingOf('GIFT-BOX', noMugs, configuration, 1)).toMatchObject({
      salableQty: 0,
      isSalable: false,
    });
    expect(standingOf('GIFT-BOX', skus, configuration, 2)).toMatchObject({
      assigned: false,
      isSalable: false,
    });
  });

  it("follows each component's own settings: unlimited only when every component is", () => {
    const open = productSettings({ manageStock: false });
    const oneOpen = new Map([...skus, ['TEA', givenSku('TEA', quantities({ default: 0 }), open)]]);
    expect(standingOf('GIFT-BOX', oneOpen, configuration, 1).salableQty).toBe(3);
    const bothOpen = new Map([...oneOpen, ['MUG', givenSku('MUG', quantities({ default: 0 }), open)]]);
    expect(standingOf('GIFT-BOX', bothOpen, configuration, 1)).toMatchObject({
      salableQty: null,
      isSalable: true,
    });
  });

  it('uses the kit\'s own threshold for "only X left"', () => {
    const withThreshold = new Map([
      ...skus,
      ['GIFT-BOX', givenSku('GIFT-BOX', productSettings({ stockThresholdQty: 5 }))],
    ]);
    expect(standingOf('GIFT-BOX', withThreshold, configuration, 1).onlyXLeft).toBe(3);
  });
});

describe('lines that share a component are checked against their sum', () => {
  it('takes all 6 teas with 2 boxes and 2 duos; one tea more refuses every line that needs tea', () => {
    const fits = checkRequestedLines(
      1,
      [
        { sku: 'GIFT-BOX', qty: 2 },
        { sku: 'TEA-DUO', qty: 2 },
      ],
      configuration,
      skus,
      TODAY,
    );
    expect(fits.map((line) => line.isSalable)).toEqual([true, true]);
    const lines = checkRequestedLines(
      1,
      [
        { sku: 'GIFT-BOX', qty: 2 },
        { sku: 'TEA-DUO', qty: 2 },
        { sku: 'TEA', qty: 1 },
      ],
      configuration,
      skus,
      TODAY,
    );
    expect(lines.map((line) => line.isSalable)).toEqual([false, false, false]);
    expect(lines[0].errors).toEqual([
      {
        code: 'is_salable_with_reservations-not_enough_qty',
        message: 'Component TEA: Only 6 of 7 available',
      },
    ]);
    expect(lines[2].errors[0].message).toBe('Only 6 of 7 available');
  });

  it("applies the kit's own purchase limits to the kit line, not to its components' units", () => {
    const limited = new Map([
      ...skus,
      ['GIFT-BOX', givenSku('GIFT-BOX', productSettings({ maxSaleQty: 1 }))],
    ]);
    const [line] = checkRequestedLines(1, [{ sku: 'GIFT-BOX', qty: 2 }], configuration, limited, TODAY);
    expect(line.errors.map((error) => error.code)).toEqual(['is_correct_qty-max_sale_qty']);
  });

  it('backorders the kits a backordered component cannot make from physical stock', () => {
    const backordered = new Map([
      ...skus,
      [
        'MUG',
        givenSku(
          'MUG',
          quantities({ default: 3 }),
          productSettings({ backorders: 'allow_notify', minQty: -10 }),
        ),
      ],
    ]);
    const [line] = checkRequestedLines(1, [{ sku: 'GIFT-BOX', qty: 3 }], configuration, backordered, TODAY);
    // 6 mugs asked, 3 on hand: 3 short, which is 2 boxes (⌈3 ÷ 2⌉).
    expect(line).toMatchObject({ isSalable: true, backorderQty: 2 });
    expect(line.notice).toMatch(/backorder/);
  });
});

describe('an order of kits reserves their components, all or none', () => {
  const place = (orderId: string, items: { sku: string; qty: number }[]) =>
    decideOrder({ orderId, salesChannel: 'base', items }, { configuration, skus, alreadyDecided: false });

  it('reserves the summed components and records the recipes it reserved by', () => {
    const outcome = place('o1', [
      { sku: 'GIFT-BOX', qty: 2 },
      { sku: 'TEA-DUO', qty: 1 },
      { sku: 'MUG', qty: 1 },
    ]);
    expect(unitsTaken(outcome)).toEqual({
      MUG: [{ ref: 'order:o1', stockId: 1, qty: 5 }],
      TEA: [{ ref: 'order:o1', stockId: 1, qty: 4 }],
    });
    expect(outcome.order?.events[0].data).toMatchObject({
      kits: [
        {
          sku: 'GIFT-BOX',
          components: [
            { sku: 'MUG', qty: 2 },
            { sku: 'TEA', qty: 1 },
          ],
        },
        { sku: 'TEA-DUO', components: [{ sku: 'TEA', qty: 2 }] },
      ],
    });
  });

  it('rejects the whole order when the shared component cannot cover both kit lines', () => {
    const outcome = place('o2', [
      { sku: 'GIFT-BOX', qty: 3 },
      { sku: 'TEA-DUO', qty: 2 },
    ]);
    expect(outcome.skus.size).toBe(0);
    expect(outcome.order?.events[0]).toMatchObject({
      type: 'OrderReservationRejected',
      data: {
        lines: [
          { sku: 'GIFT-BOX', code: 'is_salable_with_reservations-not_enough_qty' },
          { sku: 'TEA-DUO', code: 'is_salable_with_reservations-not_enough_qty' },
        ],
      },
    });
  });

  it('cancels a kit line by the recipe the order recorded (the catalog is not asked again)', () => {
    const outcome = place('o3', [{ sku: 'GIFT-BOX', qty: 2 }]);
    const order = outcome.order!.events.reduce(evolveOrder, undefined as never);
    expect(order.lines.MUG.ordered).toBe(4);
    const cancel = decideCancel({ orderId: 'o3', items: [{ sku: 'GIFT-BOX', qty: 1 }] }, { order });
    expect(unitsTaken(cancel)).toEqual({
      MUG: [{ ref: 'order:o3', stockId: 1, qty: 2, reason: 'order_canceled' }],
      TEA: [{ ref: 'order:o3', stockId: 1, qty: 1, reason: 'order_canceled' }],
    });
  });

  it('holds a cart of kits by their components and gives the same units back', () => {
    const expiresAt = new Date('2026-12-05T12:00:00Z');
    const outcome = decideHold(
      { holdId: 'h1', salesChannel: 'base', items: [{ sku: 'TEA-DUO', qty: 3 }], expiresAt },
      { configuration, skus },
    );
    expect(unitsTaken(outcome)).toEqual({ TEA: [{ ref: 'hold:h1', stockId: 1, qty: 6 }] });
    const hold = outcome.hold!.events.reduce(evolveHold, undefined);
    expect(unitsTaken(releaseHoldEvents(hold, 'released') as Outcome)).toEqual({
      TEA: [{ ref: 'hold:h1', stockId: 1, qty: 6, reason: 'hold_released' }],
    });
  });
});

describe('a kit backordered by a component', () => {
  const backordered = new Map([
    ...skus,
    [
      'MUG',
      givenSku(
        'MUG',
        quantities({ default: 5 }),
        productSettings({ backorders: 'allow', minQty: -100, backorderLeadTimeDays: 3 }),
      ),
    ],
  ]);

  it('reserves on backorder what the stock lacks of the component, counted once however many lines share it', () => {
    const outcome = decideOrder(
      {
        orderId: 'o-bo',
        salesChannel: 'base',
        items: [
          { sku: 'GIFT-BOX', qty: 1 },
          { sku: 'MUG', qty: 5 },
        ],
      },
      { configuration, skus: backordered, alreadyDecided: false, today: TODAY },
    );
    // 2 + 5 mugs of 5: 2 on backorder, dated by the lead time.
    expect(outcome.order?.events[0].data).toMatchObject({
      backorders: [{ sku: 'MUG', qty: 2, expectedShipDate: '2026-12-08' }],
    });
  });

  it('dates the kit line by its backordered component', () => {
    const [line] = checkRequestedLines(1, [{ sku: 'GIFT-BOX', qty: 3 }], configuration, backordered, TODAY);
    expect(line).toMatchObject({ isSalable: true, expectedShipDate: '2026-12-08' });
  });
});
