import { pairKey } from '@inventory/contracts';
import { refusalOf } from '@inventory/testing';
import { newSourceItem } from '../source-items/source-item-store';
import { SourceItemView } from '../source-items/source-items.dto';
import { AdjustmentChange, decideAdjustment } from './decide-adjustment';

const stored = (...items: Partial<SourceItemView>[]) =>
  new Map(
    items.map((item) => {
      const view = { ...newSourceItem(item.sku ?? 'A', item.sourceCode ?? 'default'), ...item };
      return [pairKey(view.sku, view.sourceCode), view];
    }),
  );
const change = (state: AdjustmentChange['state'], delta: number, more: Partial<AdjustmentChange> = {}) => ({
  sku: 'A',
  sourceCode: 'default',
  state,
  delta,
  ...more,
});

describe('decideAdjustment', () => {
  it('moves units between states with two changes: 2 damaged out of 10 available', () => {
    const [item] = decideAdjustment(stored({ quantity: 10 }), [
      change('available', -2),
      change('damaged', 2),
    ]);
    expect(item).toMatchObject({ quantity: 8, damaged: 2, qualityControl: 0, safetyStock: 0 });
  });

  it('refuses with quantity_changed when the quantity the merchant counted against moved', () => {
    const refusal = refusalOf(() =>
      decideAdjustment(stored({ quantity: 9 }), [change('available', 1, { compareQuantity: 10 })]),
    );
    expect(refusal).toMatchObject({ code: 'quantity_changed', kind: 'conflict' });
    expect(refusal.errors).toEqual([
      {
        field: 'changes.0.compareQuantity',
        problems: ['available of "A" at source "default" is 9 now, not 10'],
      },
    ]);
  });

  it('applies a cycle count whose compareQuantity is what is stored', () => {
    const [item] = decideAdjustment(stored({ quantity: 10 }), [
      change('available', -3, { compareQuantity: 10 }),
    ]);
    expect(item.quantity).toBe(7);
  });

  it('refuses with insufficient_quantity when any state would go below 0, naming the change', () => {
    const refusal = refusalOf(() =>
      decideAdjustment(stored({ quantity: 10, damaged: 1 }), [change('available', 2), change('damaged', -2)]),
    );
    expect(refusal).toMatchObject({ code: 'insufficient_quantity', kind: 'conflict' });
    expect(refusal.errors?.map((error) => error.field)).toEqual(['changes.1.delta']);
  });

  it('takes an item never stored as 0 in every state', () => {
    expect(decideAdjustment(new Map(), [change('safety_stock', 4, { sku: 'NEW' })])).toEqual([
      { ...newSourceItem('NEW', 'default'), safetyStock: 4 },
    ]);
    const refusal = refusalOf(() => decideAdjustment(new Map(), [change('available', -1)]));
    expect(refusal.code).toBe('insufficient_quantity');
  });

  it('puts an item at 0 back in stock when units come into available, not when they come into another state', () => {
    const out = stored({ quantity: 0, status: 'out_of_stock' });
    expect(decideAdjustment(out, [change('available', 1)])[0].status).toBe('in_stock');
    expect(decideAdjustment(out, [change('damaged', 1)])[0].status).toBe('out_of_stock');
  });

  it('refuses the same state of the same item named twice as invalid', () => {
    const refusal = refusalOf(() =>
      decideAdjustment(stored({ quantity: 10 }), [change('available', -1), change('available', -1)]),
    );
    expect(refusal).toMatchObject({ code: 'duplicate_change', kind: 'invalid' });
    expect(refusal.errors?.[0].field).toBe('changes.1');
  });

  it('keeps quantities exact to 4 decimals for a SKU sold by weight', () => {
    const [item] = decideAdjustment(stored({ quantity: 0.3 }), [change('available', -0.1)], () => true);
    expect(item.quantity).toBe(0.2);
  });

  it('refuses a fraction of a SKU counted in whole units, naming the change', () => {
    const refusal = refusalOf(() => decideAdjustment(stored({ quantity: 3 }), [change('available', -0.5)]));
    expect(refusal).toMatchObject({ code: 'fractional_quantity', kind: 'invalid' });
    expect(refusal.errors?.[0].field).toBe('changes.0.delta');
  });

  it('refuses a state above the largest quantity, so the CSV export stays importable', () => {
    const refusal = refusalOf(() =>
      decideAdjustment(stored({ quantity: 999_999_999 }), [change('available', 2)]),
    );
    expect(refusal).toMatchObject({ code: 'quantity_too_large', kind: 'invalid' });
    expect(refusal.errors?.[0].field).toBe('changes.0.delta');
  });
});
