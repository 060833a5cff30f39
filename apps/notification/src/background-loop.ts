import { Logger } from '@nestjs/common';
import { LoopHealth } from '@inventory/observability';

/**
 * Runs `pass` every `intervalMs` (and at once when kicked), never two passes at a time; stop()
 * waits for the pass in hand. For the service's background work: mail delivery, recomputes.
 */
export class BackgroundLoop {
  private readonly logger: Logger;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private again = false;

  constructor(
    private readonly name: string,
    private readonly pass: () => Promise<void>,
    private readonly intervalMs: number,
    /** Where the loop says how it is doing (readiness names it when it keeps failing). */
    private readonly loops?: LoopHealth,
  ) {
    this.logger = new Logger(name);
  }

  start(): void {
    this.schedule(0);
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Run a pass now rather than at the next interval (new work was just committed). */
  kick(): void {
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.loops?.stopped(this.name);
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.pass()
        .then(() => this.loops?.ok(this.name))
        .catch((error: Error) => {
          this.loops?.failed(this.name, error);
          this.logger.error(`pass failed: ${error.message}`);
        })
        .finally(() => {
          this.running = undefined;
          const next = this.again ? 0 : this.intervalMs;
          this.again = false;
          this.schedule(next);
        });
    }, delayMs);
  }
}
