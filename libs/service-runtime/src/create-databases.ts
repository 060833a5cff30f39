import { Client } from 'pg';
import { ACCESS_DATABASE } from '@inventory/access-control';
import { grantServiceRoles } from './database-roles';
import { SERVICE_NAMES, SERVICES, testDatabaseOf } from './services';

export const adminConnection = (env: NodeJS.ProcessEnv = process.env) => ({
  host: env.PGHOST ?? '127.0.0.1',
  port: Number(env.PGPORT ?? 5432),
  user: env.PGUSER ?? 'postgres',
  database: 'postgres',
});

/**
 * Creates each service's database and the shared API key database when missing, and each
 * service's role with access to its own (database-roles.ts). For tests the `_test` set is dropped
 * first so every run begins from the same state. Returns the databases it created.
 */
export async function createDatabases(
  forTests: boolean,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string[]> {
  const client = new Client(adminConnection(env));
  await client.connect();
  const created: string[] = [];
  try {
    const databases = [...SERVICE_NAMES.map((service) => SERVICES[service].database), ACCESS_DATABASE];
    for (const name of databases) {
      const database = forTests ? testDatabaseOf(name) : name;
      if (forTests) await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      const { rowCount } = await client.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [database]);
      if (!rowCount) {
        await client.query(`CREATE DATABASE "${database}"`);
        created.push(database);
      }
    }
  } finally {
    await client.end();
  }
  const rename = (name: string) => (forTests ? testDatabaseOf(name) : name);
  await grantServiceRoles(
    adminConnection(env),
    (service) => rename(SERVICES[service].database),
    rename(ACCESS_DATABASE),
    SERVICE_NAMES,
  );
  return created;
}
