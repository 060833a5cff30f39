import fc from 'fast-check';
import { roundQty, sumQty } from '@inventory/contracts';
import { SharedSourceProblem, connectedStocks, servable } from './shared-sources';

/** The rule as written: every set X of connected stocks containing S, enumerated (the reference). */
function bruteForce(problem: SharedSourceProblem, stockId: number): number {
  const others = connectedStocks(problem.links, stockId).filter((id) => id !== stockId);
  let best = Infinity;
  for (let mask = 0; mask < 2 ** others.length; mask++) {
    const members = [stockId, ...others.filter((_, bit) => Math.floor(mask / 2 ** bit) % 2 === 1)];
    const sources = new Set(members.flatMap((id) => problem.links.get(id) ?? []));
    const supply = sumQty([...sources].map(problem.supply));
    best = Math.min(best, roundQty(supply - sumQty(members.map(problem.demand))));
  }
  return best;
}

const problemOf = (
  links: Record<number, string[]>,
  supply: Record<string, number>,
  demand: Record<number, number>,
): SharedSourceProblem => ({
  links: new Map(Object.entries(links).map(([id, codes]) => [Number(id), codes])),
  supply: (code) => supply[code] ?? 0,
  demand: (id) => demand[id] ?? 0,
});

/** Up to `maxStocks` stocks over a few sources, each stock linked to some of them. */
const problems = (maxStocks: number, minSupply: number) =>
  fc
    .record({
      stocks: fc.integer({ min: 1, max: maxStocks }),
      sources: fc
        .constantFrom('a', 'b', 'c', 'd', 'e', 'f')
        .chain((last) => fc.constant(['a', 'b', 'c', 'd', 'e', 'f'].slice(0, 'abcdef'.indexOf(last) + 1))),
    })
    .chain(({ stocks, sources }) =>
      fc.record({
        links: fc.array(fc.subarray(sources), { minLength: stocks, maxLength: stocks }),
        supply: fc.array(fc.integer({ min: minSupply * 10_000, max: 200_000 }), {
          minLength: sources.length,
          maxLength: sources.length,
        }),
        demand: fc.array(fc.integer({ min: -20_000, max: 150_000 }), {
          minLength: stocks,
          maxLength: stocks,
        }),
        sources: fc.constant(sources),
      }),
    )
    .map(({ links, supply, demand, sources }) =>
      problemOf(
        Object.fromEntries(links.map((codes, index) => [index + 1, codes])),
        Object.fromEntries(sources.map((code, index) => [code, supply[index] / 10_000])),
        Object.fromEntries(demand.map((units, index) => [index + 1, units / 10_000])),
      ),
    );

describe('the shared-source rule as a max-flow', () => {
  it('equals the enumeration of every set of stocks, up to 12 stocks (decimal quantities too)', () => {
    fc.assert(
      fc.property(problems(12, 0), (problem) => {
        for (const stockId of problem.links.keys()) {
          expect(servable(problem, stockId)).toBe(bruteForce(problem, stockId));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('with sources below zero, never says more is salable than the enumeration', () => {
    fc.assert(
      fc.property(problems(8, -5), (problem) => {
        for (const stockId of problem.links.keys()) {
          expect(servable(problem, stockId)).toBeLessThanOrEqual(bruteForce(problem, stockId));
        }
      }),
      { numRuns: 400 },
    );
  });

  it("lets a stock's own source serve it first: 4 reserved by stock 2 come from its own source", () => {
    const problem = problemOf({ 1: ['shared'], 2: ['shared', 'own'] }, { shared: 10, own: 4 }, { 2: 4 });
    expect(servable(problem, 1)).toBe(10);
    expect(servable(problem, 2)).toBe(10);
  });

  it('stays a finite, exact number with 32 and with 200 stocks on one source (the enumeration overflowed)', () => {
    for (const count of [32, 200]) {
      const links = Object.fromEntries(Array.from({ length: count }, (_, i) => [i + 1, ['shared']]));
      const demand = Object.fromEntries(Array.from({ length: count }, (_, i) => [i + 1, 1]));
      const problem = problemOf(links, { shared: 1_000 }, demand);
      expect(servable(problem, 1)).toBe(1_000 - count);
      expect(servable(problem, count)).toBe(1_000 - count);
    }
  });

  it('keeps quantities of 10¹⁵ exact, where sums of doubles are not', () => {
    const problem = problemOf({ 1: ['a'], 2: ['a', 'b'] }, { a: 1e15, b: 0.0001 }, { 1: 0.0003, 2: 1e15 });
    // X = {1, 2}: 10¹⁵ + 0.0001 − 0.0003 − 10¹⁵; in doubles 10¹⁵ + 0.0001 is already 10¹⁵.
    expect(servable(problem, 1)).toBe(-0.0002);
    expect(bruteForce(problem, 1)).toBe(0);
  });
});
