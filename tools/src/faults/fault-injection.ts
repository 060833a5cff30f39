import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Stops the broker of this run (the environment names its port and data folder, as
 * scripts/test-kafka.sh set them); `startKafka` starts it again on the same data: topics, offsets
 * and messages survive, clients lose their connections meanwhile.
 */
export async function stopKafka(): Promise<void> {
  await run('bash', ['infra/kafka/kafka.sh', 'stop'], { timeout: 60_000 });
}

export async function startKafka(): Promise<void> {
  await run('bash', ['infra/kafka/kafka.sh', 'start'], { timeout: 120_000 });
}

export async function restartKafka(): Promise<void> {
  await stopKafka();
  await startKafka();
}

function cluster(): string {
  const version = readdirSync('/etc/postgresql').sort().pop();
  if (!version) throw new Error('No PostgreSQL cluster under /etc/postgresql');
  return version;
}

/** Stops the local PostgreSQL cluster (fast mode: open connections are cut), as root does. */
export async function stopPostgres(): Promise<void> {
  await run('pg_ctlcluster', ['--skip-systemctl-redirect', cluster(), 'main', 'stop', '-m', 'fast'], {
    timeout: 120_000,
  });
}

export async function startPostgres(): Promise<void> {
  await run('bash', ['infra/postgres/ensure-postgres.sh'], { timeout: 120_000 });
}

export async function restartPostgres(): Promise<void> {
  await stopPostgres();
  await startPostgres();
}
