import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { serviceDatabaseUrls } from './system';

const run = promisify(execFile);

/** The ops CLI (`npm run inventory -- …`) from the build, on the test database and broker. */
export async function inventoryCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    ['dist/apps/reservation/src/ops/inventory-cli.js', ...args],
    {
      env: {
        ...process.env,
        // As the service's own role, as an operator on its host would run it.
        RESERVATION_DATABASE_URL: serviceDatabaseUrls('reservation').DATABASE_URL,
        KAFKAJS_NO_PARTITIONER_WARNING: '1',
        ...env,
      },
      timeout: 60_000,
    },
  );
  return stdout;
}
