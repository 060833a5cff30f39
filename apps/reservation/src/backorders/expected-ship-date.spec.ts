import { decideIncoming } from '../catalog-inputs/decide-incoming';
import { checkRequestedLines } from '../checkout/check-lines';
import { decideOrder } from '../reserve-order/decide-order';
import { SkuEvent } from '../streams/stream-events';
import { givenConfiguration, givenSku, productSettings, quantities, reserved, stock } from '../testing/given';
import { expectedShipDate } from './expected-ship-date';
import { createEvent } from '@inventory/contracts';

const TODAY = '2026-12-05';
const configuration = givenConfiguration(stock(2, ['east'], ['east-shop']));
const backorders = productSettings({ backorders: 'allow_notify', minQty: -100 });
/** The events a purchase order or a transfer records in the SKU's stream. */
const incoming = (event: Parameters<typeof decideIncoming>[0]): SkuEvent[] =>
  decideIncoming(event).get('MUG') ?? [];
const placed = (purchaseOrderId: string, qty: number, expectedAt: string, sourceCode = 'default') =>
  incoming(
    createEvent(
      'PurchaseOrderPlaced',
      { purchaseOrderId, supplierCode: 'acme', sourceCode, expectedAt, lines: [{ sku: 'MUG', qty }] },
      { source: 'replenishment' },
    ),
  );

describe('backorders that say when', () => {
  it('dates a backorder by the purchase orders on their way, soonest first, after the backorders already placed', () => {
    // 2 on hand, 5 already backordered by an earlier order; 4 arrive on the 12th, 10 on the 20th.
    const mug = givenSku(
      'MUG',
      quantities({ default: 2 }),
      backorders,
      reserved('earlier', 7),
      ...placed('po-late', 10, '2026-12-20'),
      ...placed('po-soon', 4, '2026-12-12'),
    );
    expect(expectedShipDate(mug, configuration, 1, 1, TODAY)).toBe('2026-12-20'); // 5 + 1 > 4
    const fewer = givenSku(
      'MUG',
      quantities({ default: 2 }),
      backorders,
      reserved('earlier', 3),
      ...placed('po-soon', 4, '2026-12-12'),
    );
    expect(expectedShipDate(fewer, configuration, 1, 3, TODAY)).toBe('2026-12-12'); // 1 + 3 ≤ 4
  });

  it('counts only what arrives at the sources of the stock, and what is still to arrive', () => {
    const elsewhere = givenSku(
      'MUG',
      backorders,
      quantities({ default: 0 }),
      ...placed('po-east', 10, '2026-12-10', 'east'),
    );
    expect(expectedShipDate(elsewhere, configuration, 1, 1, TODAY)).toBeNull();
    const received = [
      ...placed('po-1', 10, '2026-12-10'),
      ...incoming(
        createEvent(
          'GoodsReceived',
          {
            purchaseOrderId: 'po-1',
            receiptId: 'r1',
            sourceCode: 'default',
            lines: [{ sku: 'MUG', qty: 10 }],
          },
          { source: 'replenishment' },
        ),
      ),
    ];
    expect(givenSku('MUG', ...received).incoming).toEqual({});
  });

  it('falls back on today plus the backorder lead time, else says nothing; never a day before today', () => {
    const none = givenSku('MUG', quantities({ default: 0 }), backorders);
    expect(expectedShipDate(none, configuration, 1, 1, TODAY)).toBeNull();
    const leadTime = givenSku(
      'MUG',
      quantities({ default: 0 }),
      productSettings({ backorders: 'allow', minQty: -9, backorderLeadTimeDays: 10 }),
    );
    expect(expectedShipDate(leadTime, configuration, 1, 1, TODAY)).toBe('2026-12-15');
    const late = givenSku(
      'MUG',
      quantities({ default: 0 }),
      backorders,
      ...placed('po-late', 5, '2026-12-01'),
    );
    expect(expectedShipDate(late, configuration, 1, 1, TODAY)).toBe(TODAY);
  });

  it('tells the storefront and the order confirmation: the notice ends with the date', () => {
    const skus = new Map([
      ['MUG', givenSku('MUG', quantities({ default: 1 }), backorders, ...placed('po-1', 10, '2026-12-20'))],
    ]);
    const [line] = checkRequestedLines(1, [{ sku: 'MUG', qty: 3 }], configuration, skus, TODAY);
    expect(line).toMatchObject({ isSalable: true, backorderQty: 2, expectedShipDate: '2026-12-20' });
    expect(line.notice).toMatch(/remaining items\. Expected to ship by 2026-12-20\.$/);
    const outcome = decideOrder(
      { orderId: 'o1', salesChannel: 'base', items: [{ sku: 'MUG', qty: 3 }] },
      { configuration, skus, alreadyDecided: false, today: TODAY },
    );
    expect(outcome.order?.events[0].data).toMatchObject({
      backorders: [{ sku: 'MUG', qty: 2, expectedShipDate: '2026-12-20' }],
    });
  });
});
