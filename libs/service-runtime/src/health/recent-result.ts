/**
 * One computation shared by every caller while it runs and for `ms` after it settled: a burst of
 * health probes (an orchestrator, a load balancer, an attacker: the route is public) costs one
 * round of checks per period, not one per request.
 */
export class RecentResult<T> {
  private last?: { readonly promise: Promise<T>; settledAt?: number };

  constructor(
    private readonly ms: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(compute: () => Promise<T>): Promise<T> {
    const last = this.last;
    if (last && (last.settledAt === undefined || this.now() - last.settledAt < this.ms)) return last.promise;
    const promise = compute();
    const current: { promise: Promise<T>; settledAt?: number } = { promise };
    const settle = () => (current.settledAt = this.now());
    promise.then(settle, settle);
    this.last = current;
    return promise;
  }
}
