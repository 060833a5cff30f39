import { Gauge, Registry } from 'prom-client';
import { gaugeIn } from './metrics';

/** One background loop as health sees it: failing since when, with which error. */
export interface LoopReport {
  readonly name: string;
  readonly state: 'ok' | 'failing';
  readonly failingSince: string | null;
  readonly failingForMs: number;
  readonly lastError: string | null;
  readonly lastOkAt: string | null;
}

interface LoopState {
  failingSince?: number;
  lastError?: string;
  lastOkAt?: number;
}

/**
 * Where every background loop of a service (projections, subscriptions, the outbox relay, hold
 * expiry, consumers, recomputes, the mailer) says how it is doing. A loop that keeps failing is
 * retried by its owner; this is what readiness and liveness read to say which loop is stuck and
 * why, and what `background_loop_failing_seconds` shows. A Nest provider of every service
 * (ObservabilityModule), injected by its class.
 */
export class LoopHealth {
  private readonly loops = new Map<string, LoopState>();
  private readonly failingSeconds: Gauge<'loop'>;

  constructor(
    registry: Registry,
    private readonly now: () => number = Date.now,
  ) {
    this.failingSeconds = gaugeIn(registry, {
      name: 'background_loop_failing_seconds',
      help: 'How long each background loop has been failing (0 while it works)',
      labelNames: ['loop'],
      collect: () => this.updateGauge(),
    });
  }

  /** The loop did its work (a pass, a batch, a start): whatever failed before is over. */
  ok(name: string): void {
    this.loops.set(name, { lastOkAt: this.now() });
  }

  /** The loop failed and will try again; it counts as failing from its first failure on. */
  failed(name: string, error: unknown): void {
    const state = this.loops.get(name) ?? {};
    this.loops.set(name, {
      ...state,
      failingSince: state.failingSince ?? this.now(),
      lastError: error instanceof Error ? error.message : String(error),
    });
  }

  /** The loop was stopped on purpose (shutdown): nothing to report. */
  stopped(name: string): void {
    this.loops.delete(name);
  }

  reports(): LoopReport[] {
    const now = this.now();
    return [...this.loops].map(([name, state]) => ({
      name,
      state: state.failingSince === undefined ? 'ok' : 'failing',
      failingSince: state.failingSince === undefined ? null : new Date(state.failingSince).toISOString(),
      failingForMs: state.failingSince === undefined ? 0 : now - state.failingSince,
      lastError: state.lastError ?? null,
      lastOkAt: state.lastOkAt === undefined ? null : new Date(state.lastOkAt).toISOString(),
    }));
  }

  /** Loops failing for longer than `ms`. */
  failingLongerThan(ms: number): LoopReport[] {
    return this.reports().filter((report) => report.state === 'failing' && report.failingForMs > ms);
  }

  private updateGauge(): void {
    for (const report of this.reports())
      this.failingSeconds.set({ loop: report.name }, report.failingForMs / 1000);
  }
}
