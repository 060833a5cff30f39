import { OrderLineCounts, emptyLine } from '../orders/order-line';
import { refusedAsValue } from '../testing/refused-as-value';
import { CreditMemoContext, decideCreditMemo as decide } from './decide-credit-memo';

/** The decision, or its Refusal seen as a value: every case below reads as one table. */
const decideCreditMemo = refusedAsValue(decide);

const line = (counts: Partial<OrderLineCounts>): OrderLineCounts => ({ ...emptyLine('A'), ...counts });

/** 5 of A ordered; `counts` says what happened since; shipped from east (2) then west (1). */
const context = (counts: Partial<OrderLineCounts>): CreditMemoContext => ({
  orderId: 'o1',
  lines: new Map([['A', line({ ordered: 5, ...counts })]]),
  shippedFrom: (sku) =>
    sku === 'A'
      ? [
          { sourceCode: 'east', units: 2 },
          { sourceCode: 'west', units: 1 },
        ]
      : [],
  sourceExists: (code) => ['east', 'west', 'store'].includes(code),
});

describe('decideCreditMemo', () => {
  it("refunds a kit's item as its components, by the order's recipe", () => {
    const kits = { PAIR: [{ sku: 'A', qty: 2 }] };
    expect(
      decideCreditMemo([{ sku: 'PAIR', qty: 2, returnToStock: true }], { ...context({ shipped: 3 }), kits }),
    ).toEqual({
      kind: 'refund',
      lines: [
        { sku: 'A', qty: 2, returnToStock: true, sourceCode: 'east', shipped: true },
        { sku: 'A', qty: 1, returnToStock: true, sourceCode: 'west', shipped: true },
        { sku: 'A', qty: 1, returnToStock: false, sourceCode: null, shipped: false },
      ],
    });
    expect(
      decideCreditMemo([{ sku: 'PAIR', qty: 3, returnToStock: false }], { ...context({}), kits }),
    ).toMatchObject({ errors: [{ field: 'items.0.qty' }] });
  });

  it('returns shipped units to the sources they shipped from, first shipment first', () => {
    expect(decideCreditMemo([{ sku: 'A', qty: 3, returnToStock: true }], context({ shipped: 3 }))).toEqual({
      kind: 'refund',
      lines: [
        { sku: 'A', qty: 2, returnToStock: true, sourceCode: 'east', shipped: true },
        { sku: 'A', qty: 1, returnToStock: true, sourceCode: 'west', shipped: true },
      ],
    });
  });

  it('returns to the named source when there is one', () => {
    expect(
      decideCreditMemo(
        [{ sku: 'A', qty: 1, returnToStock: true, sourceCode: 'store' }],
        context({ shipped: 3 }),
      ),
    ).toEqual({
      kind: 'refund',
      lines: [{ sku: 'A', qty: 1, returnToStock: true, sourceCode: 'store', shipped: true }],
    });
  });

  it('splits a refund of shipped and unshipped units: only the shipped ones go back to a source', () => {
    expect(decideCreditMemo([{ sku: 'A', qty: 4, returnToStock: true }], context({ shipped: 3 }))).toEqual({
      kind: 'refund',
      lines: [
        { sku: 'A', qty: 2, returnToStock: true, sourceCode: 'east', shipped: true },
        { sku: 'A', qty: 1, returnToStock: true, sourceCode: 'west', shipped: true },
        { sku: 'A', qty: 1, returnToStock: false, sourceCode: null, shipped: false },
      ],
    });
  });

  it('counts a refund before shipment as unshipped, so a later memo cannot refund those units again', () => {
    expect(decideCreditMemo([{ sku: 'A', qty: 2, returnToStock: false }], context({}))).toEqual({
      kind: 'refund',
      lines: [{ sku: 'A', qty: 2, returnToStock: false, sourceCode: null, shipped: false }],
    });
    const refundedTwo = context({ refundedUnshipped: 2, shipped: 3 });
    expect(decideCreditMemo([{ sku: 'A', qty: 4, returnToStock: false }], refundedTwo)).toMatchObject({
      code: 'more_than_refundable',
    });
  });

  it('counts earlier refunds and returns: two lines of one memo never return the same unit twice', () => {
    const decision = decideCreditMemo(
      [
        { sku: 'A', qty: 2, returnToStock: true },
        { sku: 'A', qty: 2, returnToStock: true },
      ],
      context({ shipped: 3 }),
    );
    expect(decision).toEqual({
      kind: 'refund',
      lines: [
        { sku: 'A', qty: 2, returnToStock: true, sourceCode: 'east', shipped: true },
        { sku: 'A', qty: 1, returnToStock: true, sourceCode: 'west', shipped: true },
        { sku: 'A', qty: 1, returnToStock: false, sourceCode: null, shipped: false },
      ],
    });
  });

  it('refunds without a return as a shipped and an unshipped line, nothing back on a shelf', () => {
    expect(decideCreditMemo([{ sku: 'A', qty: 4, returnToStock: false }], context({ shipped: 3 }))).toEqual({
      kind: 'refund',
      lines: [
        { sku: 'A', qty: 3, returnToStock: false, sourceCode: null, shipped: true },
        { sku: 'A', qty: 1, returnToStock: false, sourceCode: null, shipped: false },
      ],
    });
  });

  it('refuses more than is refundable, an unknown source and a SKU not on the order, naming each item', () => {
    const decision = decideCreditMemo(
      [
        { sku: 'A', qty: 3, returnToStock: true },
        { sku: 'A', qty: 1, returnToStock: true, sourceCode: 'nowhere' },
        { sku: 'Z', qty: 1, returnToStock: false },
      ],
      context({ shipped: 3, canceled: 2, refundedShipped: 1 }),
    );
    expect(decision).toEqual({
      kind: 'refused',
      code: 'more_than_refundable',
      errors: [
        {
          field: 'items.0.qty',
          problems: ['cannot refund 3 of "A": 2 refundable (ordered 5, shipped 3, canceled 2, refunded 1)'],
        },
        { field: 'items.1.sourceCode', problems: ['source "nowhere" does not exist'] },
        { field: 'items.2.sku', problems: ['SKU "Z" is not on order o1'] },
      ],
    });
  });

  it('asks for a source when no shipment says where the units came from', () => {
    const nowhere = { ...context({ shipped: 3 }), shippedFrom: () => [] };
    expect(decideCreditMemo([{ sku: 'A', qty: 1, returnToStock: true }], nowhere)).toMatchObject({
      code: 'return_source_unknown',
      errors: [{ field: 'items.0.sourceCode' }],
    });
  });
});
