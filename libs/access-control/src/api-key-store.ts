import { identifierProblem } from '@inventory/contracts';
import { Pool } from 'pg';
import { keepConnectionErrors } from '@inventory/observability';
import { generateApiKey } from './api-key';
import { ROLES, Role, isRole } from './roles';

/** A stored key, without its hash. */
export interface ApiKeyRecord {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly Role[];
  /** Requests per second this key may make to each service instance; null = the service default. */
  readonly rateLimitPerSecond: number | null;
  /**
   * The sales channels this key may act for (holds, checks, orders, stock status, subscriptions
   * of those channels); null = every channel.
   */
  readonly salesChannels: readonly string[] | null;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
}

export interface StoredApiKey extends ApiKeyRecord {
  readonly hash: Buffer;
}

export interface NewKeyRequest {
  readonly name: string;
  readonly roles: readonly string[];
  readonly rateLimitPerSecond?: number;
  /** Scopes an order-system or storefront key to these channels; none = every channel. */
  readonly salesChannels?: readonly string[];
}

/** A request to create a key that names a bad field; nothing was stored. */
export class ApiKeyRequestError extends Error {
  override readonly name = 'ApiKeyRequestError';
}

/** The access database is shared by the services: it holds keys and nothing else. */
export const ACCESS_DATABASE = 'inventory_access';

export const defaultAccessDatabaseUrl = (env: NodeJS.ProcessEnv = process.env, database = ACCESS_DATABASE) =>
  `postgres://${env.PGUSER ?? 'postgres'}@${env.PGHOST ?? '127.0.0.1'}:${env.PGPORT ?? '5432'}/${database}`;

/**
 * The key database of ACCESS_DATABASE_URL, else the local one as `user` (a service passes its own
 * role, which may only read the keys; the CLI the admin, PGUSER).
 */
export const accessDatabaseUrlFromEnv = (env: NodeJS.ProcessEnv = process.env, user?: string) =>
  env.ACCESS_DATABASE_URL ?? defaultAccessDatabaseUrl(user ? { ...env, PGUSER: user } : env);

const COLUMNS = `id, name, roles, key_hash, rate_limit_per_second, sales_channels, created_at, last_used_at, revoked_at`;

interface Row {
  id: string;
  name: string;
  roles: string[];
  key_hash: Buffer;
  rate_limit_per_second: number | null;
  sales_channels: string[] | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const toStored = (row: Row): StoredApiKey => ({
  id: row.id,
  name: row.name,
  roles: row.roles.filter(isRole),
  rateLimitPerSecond: row.rate_limit_per_second,
  salesChannels: row.sales_channels,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
  hash: row.key_hash,
});

const withoutHash = ({ hash: _hash, ...record }: StoredApiKey): ApiKeyRecord => record;

/** API keys in PostgreSQL: created and revoked by the `keys` CLI, read by every service. */
export class ApiKeyStore {
  private readonly pool: Pool;

  constructor(databaseUrl: string) {
    this.pool = new Pool({
      connectionString: databaseUrl,
      max: 2,
      onConnect: keepConnectionErrors(() => undefined),
    });
    // An idle connection dropped by a restarting server is discarded by the pool; without a
    // listener its error would crash the process.
    this.pool.on('error', () => undefined);
  }

  /**
   * Creates the table when missing, and adds the columns later versions need (the CLI and
   * setup-infra run as the table's owner); services and the CLI may call it at the same time.
   */
  async ensureSchema(): Promise<void> {
    // Services connect as roles that may read the table but not change it: when it is current
    // (setup-infra made it), there is nothing to do.
    const [{ current }] = (
      await this.pool.query(
        `SELECT EXISTS (SELECT 1 FROM information_schema.columns
                         WHERE table_schema = 'public' AND table_name = 'api_keys'
                           AND column_name = 'sales_channels') AS current`,
      )
    ).rows;
    if (current) return;
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('api_keys_schema'))`);
      await client.query(`
        CREATE TABLE IF NOT EXISTS api_keys (
          id text PRIMARY KEY,
          name text NOT NULL,
          roles text[] NOT NULL,
          key_hash bytea NOT NULL,
          rate_limit_per_second integer,
          created_at timestamptz NOT NULL DEFAULT now(),
          last_used_at timestamptz,
          revoked_at timestamptz
        )`);
      await client.query(`ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS sales_channels text[]`);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  /** Stores a new key and returns it with the key itself, which is not kept and cannot be shown again. */
  async create(request: NewKeyRequest): Promise<{ record: ApiKeyRecord; key: string }> {
    const { name, roles, rateLimitPerSecond, salesChannels } = checkNewKey(request);
    const { id, key, hash } = generateApiKey();
    const { rows } = await this.pool.query<Row>(
      `INSERT INTO api_keys (id, name, roles, key_hash, rate_limit_per_second, sales_channels)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [id, name, roles, hash, rateLimitPerSecond ?? null, salesChannels?.length ? salesChannels : null],
    );
    return { record: withoutHash(toStored(rows[0])), key };
  }

  async list(): Promise<ApiKeyRecord[]> {
    const { rows } = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM api_keys ORDER BY created_at, id`);
    return rows.map((row) => withoutHash(toStored(row)));
  }

  /** Revokes a key (again is a no-op); undefined when there is no such key. */
  async revoke(id: string): Promise<ApiKeyRecord | undefined> {
    const { rows } = await this.pool.query<Row>(
      `UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );
    return rows[0] && withoutHash(toStored(rows[0]));
  }

  /** The key with this id, noting that it is being used (at most once per cache period per instance). */
  async findForUse(id: string): Promise<StoredApiKey | undefined> {
    const { rows } = await this.pool.query<Row>(
      `UPDATE api_keys SET last_used_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );
    return rows[0] && toStored(rows[0]);
  }

  /** Answers when the database does (readiness). */
  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

function checkNewKey(request: NewKeyRequest): NewKeyRequest {
  const name = request.name?.trim();
  if (!name || name.length > 100) throw new ApiKeyRequestError('name: must be 1 to 100 characters');
  if (!request.roles?.length) throw new ApiKeyRequestError(`roles: at least one of ${ROLES.join(', ')}`);
  const unknown = request.roles.filter((role) => !isRole(role));
  if (unknown.length) {
    throw new ApiKeyRequestError(`roles: ${unknown.join(', ')} is not one of ${ROLES.join(', ')}`);
  }
  const limit = request.rateLimitPerSecond;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= 1_000_000)) {
    throw new ApiKeyRequestError('rateLimitPerSecond: must be a whole number from 1 to 1,000,000');
  }
  const channels = request.salesChannels ?? [];
  for (const channel of channels) {
    const problem = identifierProblem(channel);
    if (problem) throw new ApiKeyRequestError(`salesChannels: "${channel}" ${problem}`);
  }
  if (channels.length && request.roles.includes('admin')) {
    throw new ApiKeyRequestError(
      'salesChannels: an admin key acts for every channel; scope order-system or storefront keys',
    );
  }
  return {
    name,
    roles: [...new Set(request.roles)],
    rateLimitPerSecond: limit,
    salesChannels: [...new Set(channels)],
  };
}
