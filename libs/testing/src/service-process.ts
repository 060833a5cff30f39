import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fetchWithin } from './fetch-within';
import { waitFor } from './wait-for';

/** The workspace root (where nx.json is), from the sources under jest or from dist/. */
function findRepoRoot(from: string): string {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'nx.json'))) return dir;
  }
  throw new Error(`No nx.json above ${from}`);
}

const REPO_ROOT = findRepoRoot(__dirname);

/**
 * One service running as its own process from the build in dist/ (scripts/prepare.sh builds it),
 * on test ports and test databases, as in production.
 */
export class ServiceProcess {
  private child?: ChildProcess;
  private output = '';

  /** `env` must set the service's port variable (e.g. RESERVATION_PORT) to `port`. */
  constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Whether the process is up (not exited, not killed). */
  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** How the process ended ("exit code 1", "signal SIGKILL"), or undefined while it runs. */
  get exitStatus(): string | undefined {
    const child = this.child;
    if (!child || this.running) return undefined;
    return child.signalCode ? `signal ${child.signalCode}` : `exit code ${child.exitCode}`;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const entry = path.join(REPO_ROOT, 'dist/apps', this.name, 'src/main.js');
    // SERVICE_NODE_ARGS: Node flags for the services a test or benchmark starts, e.g.
    // '--cpu-prof --cpu-prof-dir=/tmp/prof' to profile them (Node refuses those in NODE_OPTIONS).
    const nodeArgs = (process.env.SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
    this.child = spawn(process.execPath, ['--enable-source-maps', ...nodeArgs, entry], {
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-20_000));
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    const child = this.child;
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code, signal) =>
        reject(new Error(`${this.name} exited (${signal ?? code}) before it was ready`)),
      ),
    );
    const ready = waitFor(
      async () => {
        const response = await fetchWithin(`${this.url}/health`, {}, 5_000).catch(() => undefined);
        return response?.ok ? true : undefined;
      },
      { what: `${this.name} /health`, timeoutMs: 60_000, intervalMs: 250 },
    );
    exited.catch(() => undefined); // settles after a successful start too
    await Promise.race([ready, exited]).catch((error) => {
      throw new Error(`${error.message}\n--- ${this.name} output ---\n${this.output}`);
    });
  }

  /** SIGTERM, then the exit code (null if it had to be killed). */
  async stop(timeoutMs = 25_000): Promise<number | null> {
    const child = this.child;
    if (!child) return null;
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  }

  /** kill -9: a crash, with no shutdown of any kind; resolves once the process is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }

  logs(): string {
    return this.output;
  }
}
