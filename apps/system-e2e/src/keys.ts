import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** `npm run keys -- …` from the build, on the test key database (ACCESS_DATABASE_URL). */
export async function keysCli(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['dist/tools/src/ops/api-keys-cli.js', ...args], {
    timeout: 30_000,
  });
  return stdout.trim();
}

/** A new API key with these roles (and e.g. `--rate-limit 3`); answers the key itself. */
export const createKey = (name: string, roles: readonly string[], ...extra: string[]) =>
  keysCli('create', '--name', name, ...roles.flatMap((role) => ['--role', role]), ...extra, '--quiet');
