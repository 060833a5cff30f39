import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { databaseUrl } from './system';

const run = promisify(execFile);

/** The ops CLI (`npm run inventory -- …`) from the build, on the test database and broker. */
export async function inventoryCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    ['dist/apps/reservation/src/ops/inventory-cli.js', ...args],
    {
      env: {
        ...process.env,
        RESERVATION_DATABASE_URL: databaseUrl('reservation'),
        KAFKAJS_NO_PARTITIONER_WARNING: '1',
        ...env,
      },
      timeout: 60_000,
    },
  );
  return stdout;
}
