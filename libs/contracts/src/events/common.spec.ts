import { roundQty, sumQty } from './common';

describe('quantity arithmetic', () => {
  it('sums decimals without floating-point drift', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(sumQty([0.1, 0.2])).toBe(0.3);
    expect(sumQty([1.0001, 2.0002, -0.0003])).toBe(3);
  });

  it('rounds to 4 decimals', () => {
    expect(roundQty(25 - 70 + 0.30000000000000004)).toBe(-44.7);
  });
});
