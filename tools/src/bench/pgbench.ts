import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { adminConnection } from '@inventory/service-runtime';

/**
 * What this PostgreSQL server does with pgbench's single-row UPDATE (in `database`), so each
 * benchmark can print its figures next to the server's own ceiling, measured in the same run.
 */
export function pgbenchUpdateTps(database: string, clients: number, seconds: number): number {
  const connection = adminConnection();
  const args = ['-h', connection.host, '-p', String(connection.port), '-U', connection.user];
  execFileSync('pgbench', [...args, '-i', '-q', '-s', '1', database], { stdio: 'ignore' });
  const script = path.join(mkdtempSync(path.join(tmpdir(), 'bench-')), 'update.sql');
  writeFileSync(
    script,
    `\\set aid random(1, 100000)\nUPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = :aid;\n`,
  );
  const output = execFileSync(
    'pgbench',
    [...args, '-n', '-c', String(clients), '-j', '2', '-T', String(seconds), '-f', script, database],
    { encoding: 'utf8' },
  );
  const match = /tps = ([\d.]+)/.exec(output);
  if (!match) throw new Error(`pgbench printed no tps:\n${output}`);
  return Math.round(Number(match[1]));
}
