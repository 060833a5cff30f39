/**
 * The shared-source rule. A stock S can take `q` more units when every set X of stocks containing S
 * can still be served from the sources X draws on (Hall's condition):
 *
 *   servable(S) = min over X ∋ S of ( Σ supply of sources linked to any stock in X − Σ demand of X )
 *
 * where a stock's demand is what it has reserved of the SKU. Enumerating the sets X is exponential
 * (and overflowed past 31 stocks); the same minimum is a minimum cut, so it is computed with one
 * max-flow: source → stock (capacity: its demand; unbounded for S) → its linked sources (unbounded)
 * → sink (capacity: the source's supply). With F that flow, servable(S) = F − Σ demand of all
 * stocks taking part, since every cut is Σ demand of the stocks outside X + supply of N(X).
 *
 * Stocks not connected to S through shared sources never take part (they cannot compete for S's
 * units), nor do stocks with nothing reserved (adding one to X only adds supply). A source below
 * zero owes units: what it owes is taken from every stock of its component (exact when it is one
 * of S's own sources, cautious otherwise: never more salable than the sets allow).
 *
 * Arithmetic is exact: quantities have at most 4 decimals and are scaled to bigint ten-thousandths.
 */
export interface SharedSourceProblem {
  /**
   * Per stock id, the sources its open reservations may be served from: those linked now, and
   * those unlinked (or all of a deleted stock's) while it held reservations, which still count.
   */
  readonly links: ReadonlyMap<number, readonly string[]>;
  /** The sources the asked stock sells new units from (linked now); default: its `links`. */
  readonly sellingFrom?: (stockId: number) => readonly string[];
  /** Per source, what it can give (enabled, in stock; may be below zero). */
  readonly supply: (sourceCode: string) => number;
  /** Per stock id, the units it has reserved (≥ 0 in practice; below zero gives units back). */
  readonly demand: (stockId: number) => number;
}

const SCALE = 10_000;
const toUnits = (qty: number): bigint => BigInt(Math.round(qty * SCALE));
const fromUnits = (units: bigint): number => Number(units) / SCALE;

/** The stocks reachable from `stockId` through shared sources (itself included). */
export function connectedStocks(links: SharedSourceProblem['links'], stockId: number): number[] {
  const stocksOf = new Map<string, number[]>();
  for (const [id, codes] of links)
    for (const code of codes) stocksOf.set(code, [...(stocksOf.get(code) ?? []), id]);
  const found = new Set([stockId]);
  const queue = [stockId];
  while (queue.length) {
    for (const code of links.get(queue.pop() as number) ?? []) {
      for (const other of stocksOf.get(code) ?? []) {
        if (!found.has(other)) {
          found.add(other);
          queue.push(other);
        }
      }
    }
  }
  return [...found];
}

/**
 * The largest extra demand stock `stockId` can take (below zero when it is oversubscribed). Its
 * new units come from the sources it sells from; its open reservations, like every other stock's,
 * may be served from any source they may draw on.
 */
export function servable(problem: SharedSourceProblem, stockId: number): number {
  const { links, supply, demand } = problem;
  const selling = [...new Set(problem.sellingFrom?.(stockId) ?? links.get(stockId) ?? [])];
  const component = connectedStocks(
    new Map([...links, [stockId, [...(links.get(stockId) ?? []), ...selling]]]),
    stockId,
  );
  // Who competes with the new units: other stocks holding reservations, and the stock's own
  // reservations when they may draw on sources it no longer sells from.
  const reserving = component.filter((id) => demand(id) > 0);
  const drawsElsewhere = (links.get(stockId) ?? []).some((code) => !selling.includes(code));
  const competing = reserving.filter((id) => id !== stockId || drawsElsewhere);
  const positive = (code: string) => (supply(code) > 0 ? toUnits(supply(code)) : 0n);
  const owed = [...new Set([...selling, ...component.flatMap((id) => links.get(id) ?? [])])]
    .filter((code) => supply(code) < 0)
    .reduce((sum, code) => sum - toUnits(supply(code)), 0n);
  // The stock's own reservations when they draw only on what it sells from: always in the set.
  const ownDemand = competing.includes(stockId) ? 0n : toUnits(demand(stockId));
  if (!competing.length) {
    // Magento's formula: nothing else competes for these sources.
    return fromUnits(selling.reduce((sum, code) => sum + positive(code), 0n) - ownDemand - owed);
  }

  // Nodes: 0 the source, 1 the sink, 2 the new units, then the competing demands, then the sources.
  const sources = [...new Set([...selling, ...competing.flatMap((id) => links.get(id) ?? [])])];
  const graph = new FlowGraph(3 + competing.length + sources.length);
  const sourceNode = new Map(sources.map((code, index) => [code, 3 + competing.length + index]));
  graph.add(0, 2, INFINITE);
  for (const code of selling) graph.add(2, sourceNode.get(code) as number, INFINITE);
  competing.forEach((id, index) => {
    graph.add(0, 3 + index, toUnits(demand(id)));
    for (const code of new Set(links.get(id) ?? []))
      graph.add(3 + index, sourceNode.get(code) as number, INFINITE);
  });
  for (const code of sources)
    if (positive(code) > 0n) graph.add(sourceNode.get(code) as number, 1, positive(code));
  const competingDemand = competing.reduce((sum, id) => sum + toUnits(demand(id)), 0n);
  return fromUnits(graph.maxFlow(0, 1) - competingDemand - ownDemand - owed);
}

const INFINITE = -1n;

/** Dinic's max-flow on bigint capacities (INFINITE: unbounded). */
class FlowGraph {
  private readonly to: number[] = [];
  private readonly capacity: bigint[] = [];
  private readonly unbounded: boolean[] = [];
  private readonly edges: number[][];

  constructor(nodes: number) {
    this.edges = Array.from({ length: nodes }, () => []);
  }

  add(from: number, to: number, capacity: bigint): void {
    for (const [a, b, cap] of [
      [from, to, capacity],
      [to, from, 0n],
    ] as const) {
      this.edges[a].push(this.to.length);
      this.to.push(b);
      this.capacity.push(cap === INFINITE ? 0n : cap);
      this.unbounded.push(cap === INFINITE);
    }
  }

  maxFlow(source: number, sink: number): bigint {
    let flow = 0n;
    for (;;) {
      const level = this.levels(source);
      if (level[sink] < 0) return flow;
      const next = this.edges.map(() => 0);
      for (let pushed = this.push(source, sink, INFINITE, level, next); pushed > 0n;) {
        flow += pushed;
        pushed = this.push(source, sink, INFINITE, level, next);
      }
    }
  }

  private residual(edge: number): bigint {
    return this.unbounded[edge] ? INFINITE : this.capacity[edge];
  }

  private levels(source: number): number[] {
    const level = this.edges.map(() => -1);
    level[source] = 0;
    const queue = [source];
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head];
      for (const edge of this.edges[node]) {
        if (this.residual(edge) !== 0n && level[this.to[edge]] < 0) {
          level[this.to[edge]] = level[node] + 1;
          queue.push(this.to[edge]);
        }
      }
    }
    return level;
  }

  /** One augmenting path's flow (limit INFINITE: unbounded so far). */
  private push(node: number, sink: number, limit: bigint, level: number[], next: number[]): bigint {
    if (node === sink) return limit;
    for (; next[node] < this.edges[node].length; next[node]++) {
      const edge = this.edges[node][next[node]];
      const room = this.residual(edge);
      if (room === 0n || level[this.to[edge]] !== level[node] + 1) continue;
      const wanted = limit === INFINITE ? room : room === INFINITE ? limit : limit < room ? limit : room;
      const pushed = this.push(this.to[edge], sink, wanted, level, next);
      if (pushed === INFINITE || pushed === 0n) continue;
      if (!this.unbounded[edge]) this.capacity[edge] -= pushed;
      if (!this.unbounded[edge ^ 1]) this.capacity[edge ^ 1] += pushed;
      return pushed;
    }
    return 0n;
  }
}
