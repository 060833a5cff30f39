import { Refusal } from '@inventory/contracts';
import { decideCancel as decide } from './decide-cancel';
import { OrderLineCounts, emptyLine } from './order-line';

/** The decision, or the Refusal it throws seen as a value: every case below reads as one table. */
const decideCancel = (...args: Parameters<typeof decide>) => {
  try {
    const decided = decide(...args);
    return { kind: 'cancel' as const, units: decided };
  } catch (error) {
    if (!(error instanceof Refusal) || error.kind !== 'conflict') throw error;
    return { kind: 'refused' as const, code: error.code, message: error.message };
  }
};

const lines = new Map<string, OrderLineCounts>([
  ['A', { ...emptyLine('A'), ordered: 5, shipped: 3 }],
  ['B', { ...emptyLine('B'), ordered: 2, refundedUnshipped: 2 }],
]);

describe('decideCancel', () => {
  it('cancels every unit still to ship when the event names no items', () => {
    expect(decideCancel('o1', lines, undefined)).toEqual({
      kind: 'cancel',
      units: new Map([
        ['A', 2],
        ['B', 0],
      ]),
    });
  });

  it('cancels the named units, summing repeated SKUs', () => {
    expect(
      decideCancel('o1', lines, [
        { sku: 'A', qty: 1 },
        { sku: 'A', qty: 1 },
      ]),
    ).toEqual({ kind: 'cancel', units: new Map([['A', 2]]) });
  });

  it('refuses the whole event when a line has fewer units left to ship, or is not on the order', () => {
    expect(decideCancel('o1', lines, [{ sku: 'A', qty: 3 }])).toEqual({
      kind: 'refused',
      code: 'over_cancel',
      message:
        'Cannot cancel 3 of "A" on order o1: only 2 left to ship (ordered 5, shipped 3, canceled 0, refunded 0)',
    });
    expect(decideCancel('o1', lines, [{ sku: 'Z', qty: 1 }])).toMatchObject({ code: 'sku_not_in_order' });
  });
});
