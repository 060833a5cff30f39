import { expandKitLines, recipesOf, recipesUsed, stockUnitsOf } from './kit-lines';

const kits = recipesOf([
  {
    sku: 'GIFT-BOX',
    components: [
      { sku: 'MUG', qty: 2 },
      { sku: 'TEA', qty: 1 },
    ],
  },
  { sku: 'TEA-DUO', components: [{ sku: 'TEA', qty: 2 }] },
]);

describe('kit lines', () => {
  it('replaces a kit line by its components, in its place, and leaves other lines alone', () => {
    expect(
      expandKitLines(
        [
          { sku: 'SPOON', qty: 3 },
          { sku: 'GIFT-BOX', qty: 2 },
        ],
        kits,
      ),
    ).toEqual([
      { sku: 'SPOON', qty: 3 },
      { sku: 'MUG', qty: 4 },
      { sku: 'TEA', qty: 2 },
    ]);
  });

  it('sums every line that takes the same component, kits and plain lines alike', () => {
    const units = stockUnitsOf(
      [
        { sku: 'GIFT-BOX', qty: 1 },
        { sku: 'TEA-DUO', qty: 2 },
        { sku: 'TEA', qty: 1 },
      ],
      kits,
    );
    expect(Object.fromEntries(units)).toEqual({ MUG: 2, TEA: 6 });
  });

  it('keeps decimal units of a component exact', () => {
    const grams = recipesOf([{ sku: 'MIX', components: [{ sku: 'FLOUR', qty: 0.1 }] }]);
    expect(expandKitLines([{ sku: 'MIX', qty: 3 }], grams)).toEqual([{ sku: 'FLOUR', qty: 0.3 }]);
  });

  it('records the recipes of the kits the lines name, once each', () => {
    expect(recipesUsed([{ sku: 'TEA' }, { sku: 'TEA-DUO' }, { sku: 'TEA-DUO' }], kits)).toEqual([
      { sku: 'TEA-DUO', components: [{ sku: 'TEA', qty: 2 }] },
    ]);
  });
});
