/**
 * `npm run keys -- <command>`: the API keys the services accept (x-api-key header).
 *
 *   npm run keys -- create --name "Shop checkout" --role order-system [--role ops] [--rate-limit 500]
 *                          [--sales-channel base ...]   (scoped to those channels; default every one)
 *   npm run keys -- list
 *   npm run keys -- revoke <id>
 *   npm run keys -- demo-admin        the demo admin key `npm start` prints (kept in .local/demo-admin.key)
 *
 * Only a hash of each key is stored; the key itself is printed once, by `create`. A revoked key is
 * refused by every service within API_KEY_CACHE_MS (5 s). Database: ACCESS_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/inventory_access, from PGHOST/PGPORT/PGUSER).
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  ApiKeyRecord,
  ApiKeyRequestError,
  ApiKeyStore,
  ApiKeyVerifier,
  ROLES,
  accessDatabaseUrlFromEnv,
} from '@inventory/access-control';
import { Command, InvalidArgumentError } from 'commander';

const DEMO_KEY_NAME = 'demo-admin';

const positiveInteger = (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1)
    throw new InvalidArgumentError('must be a whole number from 1');
  return parsed;
};

const collect = (value: string, previous: string[]) => [...previous, value];

async function withStore<T>(work: (store: ApiKeyStore) => Promise<T>): Promise<T> {
  const store = new ApiKeyStore(accessDatabaseUrlFromEnv());
  try {
    await store.ensureSchema();
    return await work(store);
  } finally {
    await store.close();
  }
}

const row = (key: ApiKeyRecord) => ({
  id: key.id,
  name: key.name,
  roles: key.roles.join(','),
  'rate limit/s': key.rateLimitPerSecond ?? 'default',
  'sales channels': key.salesChannels?.join(',') ?? 'all',
  created: key.createdAt.toISOString(),
  'last used': key.lastUsedAt?.toISOString() ?? '',
  revoked: key.revokedAt?.toISOString() ?? '',
});

/** The key in the demo file while it is still valid, else a new demo admin key written there. */
async function demoAdminKey(store: ApiKeyStore, file: string): Promise<{ key: string; created: boolean }> {
  const kept = (await readFile(file, 'utf8').catch(() => '')).trim();
  if (kept) {
    const verification = await new ApiKeyVerifier((id) => store.findForUse(id), {
      cacheMs: 0,
      unknownCacheMs: 0,
    }).verify(kept);
    if (verification.ok && verification.caller.roles.includes('admin')) return { key: kept, created: false };
  }
  const { key } = await store.create({ name: DEMO_KEY_NAME, roles: ['admin'] });
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${key}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return { key, created: true };
}

const program = new Command('keys').description('API keys of the inventory services');

program
  .command('create')
  .description('create a key and print it (shown this once)')
  .requiredOption('--name <name>', 'who holds the key, e.g. "Shop checkout"')
  .requiredOption('--role <role>', `a role of the key, repeatable: ${ROLES.join(', ')}`, collect, [])
  .option(
    '--rate-limit <perSecond>',
    'requests per second per service instance (default: RATE_LIMIT_PER_SECOND)',
    positiveInteger,
  )
  .option(
    '--sales-channel <code>',
    'scope the key to a sales channel, repeatable (holds, checks, orders, stock status, subscriptions of it only); default every channel',
    collect,
    [],
  )
  .option('--quiet', 'print only the key')
  .action(
    async (options: {
      name: string;
      role: string[];
      rateLimit?: number;
      salesChannel: string[];
      quiet?: boolean;
    }) => {
      const { record, key } = await withStore((store) =>
        store.create({
          name: options.name,
          roles: options.role,
          rateLimitPerSecond: options.rateLimit,
          salesChannels: options.salesChannel,
        }),
      );
      if (options.quiet) return console.log(key);
      const scope = record.salesChannels ? ` for the sales channels ${record.salesChannels.join(', ')}` : '';
      console.log(
        `Created key ${record.id} "${record.name}" with the roles ${record.roles.join(', ')}${scope}.`,
      );
      console.log('The key (shown this once; send it in the x-api-key header):');
      console.log(key);
    },
  );

program
  .command('list')
  .description('every key, active and revoked (never the keys themselves)')
  .action(async () => {
    const keys = await withStore((store) => store.list());
    if (!keys.length)
      return console.log('No API keys yet: npm run keys -- create --name <who> --role <role>');
    console.table(keys.map(row));
  });

program
  .command('revoke')
  .description('revoke a key by its id (the part after inv_)')
  .argument('<id>', 'the key id, as `list` shows it')
  .action(async (id: string) => {
    const revoked = await withStore((store) => store.revoke(id));
    if (!revoked) {
      console.error(`No key with the id ${id}`);
      process.exitCode = 1;
      return;
    }
    console.log(`Revoked key ${revoked.id} "${revoked.name}" at ${revoked.revokedAt?.toISOString()}`);
  });

program
  .command('demo-admin')
  .description(
    "print the demo admin key npm start uses, creating it when the file's key is missing or revoked",
  )
  .option('--file <file>', 'where the demo key is kept', '.local/demo-admin.key')
  .option('--quiet', 'print only the key')
  .action(async (options: { file: string; quiet?: boolean }) => {
    const { key, created } = await withStore((store) => demoAdminKey(store, options.file));
    if (options.quiet) return console.log(key);
    console.log(`${created ? 'Created the' : 'The'} demo admin key (kept in ${options.file}):`);
    console.log(key);
  });

program.parseAsync().catch((error) => {
  console.error(
    error instanceof ApiKeyRequestError
      ? error.message
      : `keys: ${error instanceof Error ? error.message : error}`,
  );
  process.exit(1);
});
