import { adminConnection } from '@inventory/service-runtime';
import { Client } from 'pg';

/** Drops and recreates a database for one integration suite; returns its connection URL. */
export async function freshDatabase(name: string): Promise<string> {
  const connection = adminConnection();
  const client = new Client(connection);
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  return `postgres://${connection.user}@${connection.host}:${connection.port}/${name}`;
}
