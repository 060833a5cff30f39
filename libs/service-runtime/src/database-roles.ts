import { Client } from 'pg';
import { ApiKeyStore } from '@inventory/access-control';
import { ServiceName, SERVICES } from './services';

/**
 * Each service connects to PostgreSQL as a role of its own, named after its database
 * (`inventory_catalog`, …): the owner of that database and nothing else, which may read the API
 * keys (and note when one was last used) but not create, change or revoke them. A service that is
 * broken into, or a bug in one, cannot touch another service's data or mint an admin key.
 */
export const databaseRoleOf = (service: ServiceName): string => SERVICES[service].database;

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

interface AdminConnection {
  readonly host: string;
  readonly port: number;
  readonly user: string;
}

/**
 * Creates the roles when missing and gives each its database: owner of the database and of every
 * object in it (a database created before the roles existed has its tables owned by the admin),
 * no connection for anyone else but the admin. In the key database each role may read the keys
 * and set `last_used_at`; the table is created here, by the admin, first.
 */
export async function grantServiceRoles(
  admin: AdminConnection,
  databaseOf: (service: ServiceName) => string,
  accessDatabase: string,
  services: readonly ServiceName[],
): Promise<void> {
  const cluster = new Client({ ...admin, database: 'postgres' });
  await cluster.connect();
  try {
    for (const service of services) {
      const role = databaseRoleOf(service);
      const exists = await cluster.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [role]);
      if (!exists.rowCount) await cluster.query(`CREATE ROLE ${ident(role)} LOGIN`);
      // To tell an operator's open transaction from its own writers' (the event store's readers
      // wait only for the latter): other sessions' transaction ids are hidden without it.
      await cluster.query(`GRANT pg_read_all_stats TO ${ident(role)}`);
      const database = ident(databaseOf(service));
      await cluster.query(`ALTER DATABASE ${database} OWNER TO ${ident(role)}`);
      await cluster.query(`REVOKE ALL ON DATABASE ${database} FROM PUBLIC`);
    }
    await cluster.query(`REVOKE ALL ON DATABASE ${ident(accessDatabase)} FROM PUBLIC`);
    for (const service of services) {
      await cluster.query(
        `GRANT CONNECT ON DATABASE ${ident(accessDatabase)} TO ${ident(databaseRoleOf(service))}`,
      );
    }
  } finally {
    await cluster.end();
  }
  for (const service of services) await ownEverything(admin, databaseOf(service), databaseRoleOf(service));
  const store = new ApiKeyStore(`postgres://${admin.user}@${admin.host}:${admin.port}/${accessDatabase}`);
  try {
    await store.ensureSchema();
  } finally {
    await store.close();
  }
  const keys = new Client({ ...admin, database: accessDatabase });
  await keys.connect();
  try {
    const roles = services.map((service) => ident(databaseRoleOf(service))).join(', ');
    await keys.query(`REVOKE ALL ON api_keys FROM PUBLIC`);
    await keys.query(`GRANT SELECT, UPDATE (last_used_at) ON api_keys TO ${roles}`);
  } finally {
    await keys.end();
  }
}

/** Hands every table, sequence, view and function of the public schema to the role. */
async function ownEverything(admin: AdminConnection, database: string, role: string): Promise<void> {
  const client = new Client({ ...admin, database });
  await client.connect();
  try {
    const { rows } = await client.query<{ statement: string }>(
      `SELECT format('ALTER %s %s OWNER TO %I',
                CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
                c.oid::regclass, $1::text) AS statement
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S', 'v', 'm')
          AND pg_get_userbyid(c.relowner) <> $1
          -- a sequence owned by a column follows its table
          AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'a'))
       UNION ALL
       SELECT format('ALTER ROUTINE %s OWNER TO %I', p.oid::regprocedure, $1::text)
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> $1`,
      [role],
    );
    for (const { statement } of rows) await client.query(statement);
  } finally {
    await client.end();
  }
}
