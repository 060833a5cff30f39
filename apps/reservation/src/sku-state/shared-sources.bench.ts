/**
 * `npm run bench:shared-sources`: how long the shared-source rule takes for one SKU, computing its
 * salable quantity in every stock (what the projection does when the SKU changes), as stocks grow
 * to 200, against the same run's anchor: the same SKU in a single stock (Magento's formula).
 * The enumeration of every set of stocks it replaced is timed up to 20 stocks to show its growth.
 */
import { performance } from 'node:perf_hooks';
import { SharedSourceProblem, connectedStocks, servable } from './shared-sources';

/** `stocks` stocks, each with 1 unit reserved, on one shared source and one source of their own. */
function sharedBy(stocks: number): SharedSourceProblem {
  const links = new Map(Array.from({ length: stocks }, (_, i) => [i + 1, ['shared', `own-${i + 1}`]]));
  return { links, supply: (code) => (code === 'shared' ? 1_000 : 3), demand: () => 4 };
}

/** The rule as it was: every subset of the connected stocks (here up to 2^19 of them). */
function enumerate(problem: SharedSourceProblem, stockId: number): number {
  const others = connectedStocks(problem.links, stockId).filter((id) => id !== stockId);
  let best = Infinity;
  for (let mask = 0; mask < 2 ** others.length; mask++) {
    const members = [stockId, ...others.filter((_, bit) => Math.floor(mask / 2 ** bit) % 2 === 1)];
    const sources = new Set(members.flatMap((id) => problem.links.get(id) ?? []));
    let supply = 0;
    for (const code of sources) supply += problem.supply(code);
    best = Math.min(best, supply - members.reduce((sum, id) => sum + problem.demand(id), 0));
  }
  return best;
}

/** Milliseconds per call, over at least 200 ms of calls. */
function time(run: () => unknown): number {
  let calls = 0;
  const started = performance.now();
  while (performance.now() - started < 200 || calls < 3) {
    run();
    calls++;
  }
  return (performance.now() - started) / calls;
}

const format = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`);

const anchor = time(() => servable(sharedBy(1), 1));
console.log(`anchor: one stock (Magento's formula), one SKU: ${format(anchor)}`);
console.log('stocks | salable in every stock (max-flow) | per stock | × anchor | enumeration, one stock');
for (const stocks of [2, 12, 20, 32, 64, 200]) {
  const problem = sharedBy(stocks);
  const all = time(() => {
    for (const stockId of problem.links.keys()) servable(problem, stockId);
  });
  const old = stocks <= 20 ? format(time(() => enumerate(problem, 1))) : 'not run (2^(n−1) sets)';
  console.log(
    `${String(stocks).padStart(6)} | ${format(all).padStart(34)} | ${format(all / stocks).padStart(9)} | ` +
      `${(all / stocks / anchor).toFixed(0).padStart(8)} | ${old}`,
  );
}
