import { Client } from 'pg';

/** Drops and recreates a database for one integration suite; returns its connection URL. */
export async function freshDatabase(name: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const host = env.PGHOST ?? '127.0.0.1';
  const port = Number(env.PGPORT ?? 5432);
  const user = env.PGUSER ?? 'postgres';
  const client = new Client({ host, port, user, database: 'postgres' });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  return `postgres://${user}@${host}:${port}/${name}`;
}
