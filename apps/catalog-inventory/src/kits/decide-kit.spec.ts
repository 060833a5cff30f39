import { refusalOf } from '@inventory/testing';
import { KitContext, decideKit } from './decide-kit';

const context = (overrides: Partial<KitContext> = {}): KitContext => ({
  kits: new Set(),
  usedBy: new Map(),
  hasSourceItems: () => false,
  usesDecimals: () => false,
  ...overrides,
});

describe('decideKit', () => {
  it('takes ordinary products as components, each once', () => {
    expect(
      decideKit(
        'BOX',
        [
          { sku: 'MUG', qty: 2 },
          { sku: 'TEA', qty: 1 },
        ],
        context(),
      ),
    ).toEqual([
      { sku: 'MUG', qty: 2 },
      { sku: 'TEA', qty: 1 },
    ]);
    expect(decideKit('BOX', [], context({ hasSourceItems: () => true }))).toEqual([]); // no longer a kit
  });

  it('refuses a kit containing itself, another kit, a component twice or a fraction, naming each line', () => {
    const refusal = refusalOf(() =>
      decideKit(
        'BOX',
        [
          { sku: 'BOX', qty: 1 },
          { sku: 'OTHER-KIT', qty: 1 },
          { sku: 'MUG', qty: 1 },
          { sku: 'MUG', qty: 1.5 },
        ],
        context({ kits: new Set(['OTHER-KIT']) }),
      ),
    );
    expect(refusal).toMatchObject({ code: 'invalid_kit', kind: 'invalid' });
    expect(refusal.errors?.map((error) => error.field)).toEqual([
      'components.0',
      'components.1',
      'components.3',
    ]);
    expect(refusal.errors?.[2].problems).toEqual([
      'repeats "MUG" of components.2',
      '"MUG" is counted in whole units (Qty Uses Decimals is off): 1.5',
    ]);
  });

  it('refuses to make a component of another kit a kit (no loop, no nesting)', () => {
    const refusal = refusalOf(() =>
      decideKit('MUG', [{ sku: 'HANDLE', qty: 1 }], context({ usedBy: new Map([['MUG', ['BOX']]]) })),
    );
    expect(refusal).toMatchObject({ code: 'kit_is_component', kind: 'conflict' });
  });

  it('refuses a kit for a SKU with source items of its own', () => {
    const refusal = refusalOf(() =>
      decideKit('BOX', [{ sku: 'MUG', qty: 1 }], context({ hasSourceItems: (sku) => sku === 'BOX' })),
    );
    expect(refusal).toMatchObject({ code: 'kit_has_source_items', errors: [{ field: 'components' }] });
  });

  it('takes fractions of a component sold by weight', () => {
    expect(decideKit('MIX', [{ sku: 'COFFEE', qty: 0.25 }], context({ usesDecimals: () => true }))).toEqual([
      { sku: 'COFFEE', qty: 0.25 },
    ]);
  });
});
