import { hasAtMost4Decimals, roundQty, sumQty } from './common';

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

describe('hasAtMost4Decimals', () => {
  it('tells quantities of up to 4 decimals from the rest, exponents included', () => {
    for (const qty of [0, 1, 12.5, 1.2345, -0.0001, 1_000_000_000, 999_999.9999])
      expect(hasAtMost4Decimals(qty)).toBe(true);
    for (const qty of [1.23456, 0.1 + 0.2, 9e-323, 2.5e-7, -1e-5])
      expect(hasAtMost4Decimals(qty)).toBe(false);
  });
});
