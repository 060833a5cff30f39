import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { SERVICES, ServiceName } from '@inventory/service-runtime';
import { waitFor } from '@inventory/testing';

const REPO_ROOT = path.resolve(__dirname, '../../..');

/**
 * One service running as its own process from the build in dist/ (scripts/prepare.sh builds it),
 * on test ports and test databases, as in production.
 */
export class ServiceProcess {
  private child?: ChildProcess;
  private output = '';

  constructor(
    readonly name: ServiceName,
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const definition = SERVICES[this.name];
    const entry = path.join(REPO_ROOT, 'dist/apps', this.name, 'src/main.js');
    this.child = spawn(process.execPath, ['--enable-source-maps', entry], {
      env: { ...process.env, ...this.env, [definition.portVariable]: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-20_000));
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    await waitFor(
      async () => {
        if (this.child?.exitCode !== null || this.child.signalCode !== null)
          throw new Error(`${this.name} exited:\n${this.output}`);
        const response = await fetch(`${this.url}/health`).catch(() => undefined);
        return response?.ok ? true : undefined;
      },
      { what: `${this.name} /health`, timeoutMs: 60_000, intervalMs: 250 },
    ).catch((error) => {
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

  logs(): string {
    return this.output;
  }
}
