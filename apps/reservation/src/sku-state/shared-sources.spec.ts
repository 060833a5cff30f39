import fc from 'fast-check';
import { roundQty, sumQty } from '@inventory/contracts';
import { SharedSourceProblem, connectedStocks, servable } from './shared-sources';

/**
 * The rule as written (the reference): the asked stock's new units, plus any set of the reservations
 * they compete with, served from the sources those may draw on; enumerated.
 */
function bruteForce(problem: SharedSourceProblem, stockId: number): number {
  const selling = problem.sellingFrom?.(stockId) ?? problem.links.get(stockId) ?? [];
  const everywhere = new Map([
    ...problem.links,
    [stockId, [...(problem.links.get(stockId) ?? []), ...selling]],
  ]);
  // Its own reservations compete like any other's when they may draw on what it no longer sells from.
  const ownOptional =
    problem.demand(stockId) > 0 && (problem.links.get(stockId) ?? []).some((code) => !selling.includes(code));
  const optional = connectedStocks(everywhere, stockId).filter((id) => id !== stockId || ownOptional);
  const always = ownOptional ? 0 : problem.demand(stockId);
  let best = Infinity;
  for (let mask = 0; mask < 2 ** optional.length; mask++) {
    const members = optional.filter((_, bit) => Math.floor(mask / 2 ** bit) % 2 === 1);
    const sources = new Set([...selling, ...members.flatMap((id) => problem.links.get(id) ?? [])]);
    const supply = sumQty([...sources].map(problem.supply));
    best = Math.min(best, roundQty(supply - always - sumQty(members.map(problem.demand))));
  }
  return best;
}

const problemOf = (
  links: Record<number, string[]>,
  supply: Record<string, number>,
  demand: Record<number, number>,
  selling?: Record<number, string[]>,
): SharedSourceProblem => ({
  links: new Map(Object.entries(links).map(([id, codes]) => [Number(id), codes])),
  ...(selling ? { sellingFrom: (id: number) => selling[id] ?? links[id] ?? [] } : {}),
  supply: (code) => supply[code] ?? 0,
  demand: (id) => demand[id] ?? 0,
});

const CODES = ['a', 'b', 'c', 'd', 'e', 'f'];

/**
 * Up to `maxStocks` stocks over a few sources, each linked to some of them and, with `unlinked`,
 * still drawing on some it was unlinked from.
 */
const problems = (maxStocks: number, minSupply: number, unlinked = false) =>
  fc
    .record({ stocks: fc.integer({ min: 1, max: maxStocks }), sources: fc.integer({ min: 1, max: 6 }) })
    .chain(({ stocks, sources }) => {
      const codes = CODES.slice(0, sources);
      const perStock = <T>(arbitrary: fc.Arbitrary<T>) =>
        fc.array(arbitrary, { minLength: stocks, maxLength: stocks });
      return fc.record({
        linked: perStock(fc.subarray(codes)),
        former: perStock(unlinked ? fc.subarray(codes) : fc.constant([] as string[])),
        supply: fc.array(fc.integer({ min: minSupply * 10_000, max: 200_000 }), {
          minLength: sources,
          maxLength: sources,
        }),
        demand: perStock(fc.integer({ min: -20_000, max: 150_000 })),
        codes: fc.constant(codes),
      });
    })
    .map(({ linked, former, supply, demand, codes }) =>
      problemOf(
        Object.fromEntries(linked.map((now, index) => [index + 1, [...new Set([...now, ...former[index]])]])),
        Object.fromEntries(codes.map((code, index) => [code, supply[index] / 10_000])),
        Object.fromEntries(demand.map((units, index) => [index + 1, units / 10_000])),
        Object.fromEntries(linked.map((now, index) => [index + 1, now])),
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

  it('counts reservations on sources unlinked from their stock, which sells new units only from its links', () => {
    fc.assert(
      fc.property(problems(10, 0, true), (problem) => {
        for (const stockId of problem.links.keys()) {
          expect(servable(problem, stockId)).toBe(bruteForce(problem, stockId));
        }
      }),
      { numRuns: 400 },
    );
  });

  it("keeps a deleted stock's reservations on its former sources: the stock sharing them sells no more", () => {
    // Stock 2 was deleted holding 6 units of `shared` (10): stock 1 can still sell only 4.
    const problem = problemOf(
      { 1: ['shared'], 2: ['shared'] },
      { shared: 10 },
      { 2: 6 },
      { 1: ['shared'], 2: [] },
    );
    expect(servable(problem, 1)).toBe(4);
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
