/**
 * Counts failed authentications per client address in fixed one-minute windows, so a client that
 * keeps presenting keys nobody knows is told to wait instead of costing a database read each time.
 * At most `maxClients` addresses are tracked (the oldest window is forgotten first): an attacker
 * with many addresses can make it forget, not grow.
 */
export class FailedAuthLimiter {
  private readonly windows = new Map<string, { failures: number; endsAt: number }>();

  constructor(
    private readonly failuresPerMinute: number,
    private readonly maxClients = 10_000,
    private readonly now: () => number = Date.now,
    private readonly windowMs = 60_000,
  ) {}

  /** Milliseconds until the client may try an unknown key again; 0 when it may now. */
  blockedForMs(client: string): number {
    const window = this.current(client);
    return window && window.failures >= this.failuresPerMinute ? window.endsAt - this.now() : 0;
  }

  recordFailure(client: string): void {
    const window = this.current(client);
    if (window) {
      window.failures++;
      return;
    }
    if (this.windows.size >= this.maxClients) this.windows.delete(this.windows.keys().next().value!);
    this.windows.set(client, { failures: 1, endsAt: this.now() + this.windowMs });
  }

  private current(client: string) {
    const window = this.windows.get(client);
    if (window && window.endsAt <= this.now()) {
      this.windows.delete(client);
      return undefined;
    }
    return window;
  }
}
