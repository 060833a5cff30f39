import {
  emptyPosition,
  salableQuantity,
  sourceQuantity,
  withReservation,
  withSourceItems,
} from './stock-position';

describe('stock position', () => {
  const position = withSourceItems(emptyPosition('HDB-001'), [
    { sourceCode: 'default', quantity: 150, status: 'in_stock', notifyStockQty: null },
    { sourceCode: 'east', quantity: 20, status: 'in_stock', notifyStockQty: 5 },
  ]);

  it('sums in-stock source quantities', () => {
    expect(sourceQuantity(position)).toBe(170);
  });

  it('takes source items as absolute quantities; an out-of-stock item counts for nothing', () => {
    const after = withSourceItems(position, [
      { sourceCode: 'east', quantity: 20, status: 'out_of_stock', notifyStockQty: 5 },
    ]);
    expect(sourceQuantity(after)).toBe(150);
    const restocked = withSourceItems(after, [
      { sourceCode: 'east', quantity: 7, status: 'in_stock', notifyStockQty: 5 },
    ]);
    expect(sourceQuantity(restocked)).toBe(157);
  });

  it('salable = source + reservations − minQty (the seed example: 25 with threshold −50 ⇒ 75)', () => {
    const seed = withSourceItems(emptyPosition('S'), [
      { sourceCode: 'default', quantity: 25, status: 'in_stock', notifyStockQty: 10 },
    ]);
    expect(salableQuantity(seed, -50)).toBe(75);
    expect(salableQuantity(withReservation(seed, -70), -50)).toBe(5);
  });

  it('drops when an order is reserved and rises when it is compensated', () => {
    const reserved = withReservation(position, -2);
    expect(salableQuantity(reserved)).toBe(168);
    expect(salableQuantity(withReservation(reserved, 2))).toBe(170);
  });

  it('leaves out the quantity of a disabled source, and counts it again once enabled', () => {
    const disabled = { ...position, disabledSources: ['east'] };
    expect(sourceQuantity(disabled)).toBe(150);
    expect(salableQuantity(withReservation(disabled, -2))).toBe(148);
    expect(sourceQuantity({ ...disabled, disabledSources: [] })).toBe(170);
  });
});
