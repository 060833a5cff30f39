export type EventStoreAdapter = 'postgres' | 'eventstoredb';

export interface EventStoreConfig {
  readonly adapter: EventStoreAdapter;
  /** PostgreSQL: the service's own database. EventStoreDB: EVENTSTORE_URL. */
  readonly url: string;
  /**
   * PostgreSQL pool bounds, as the service's own pool has them (DB_POOL_MAX, DB_ACQUIRE_TIMEOUT_MS,
   * DB_STATEMENT_TIMEOUT_MS, DB_IDLE_IN_TRANSACTION_TIMEOUT_MS).
   */
  readonly pool?: {
    readonly max: number;
    readonly acquireTimeoutMs: number;
    readonly statementTimeoutMs: number;
    readonly idleInTransactionTimeoutMs: number;
  };
}

/**
 * Which adapter, from the environment: EVENT_STORE=postgres (default; the service's database,
 * or EVENT_STORE_DATABASE_URL) or EVENT_STORE=eventstoredb (needs EVENTSTORE_URL).
 */
export function eventStoreConfigFromEnv(
  serviceDatabaseUrl: string,
  env: NodeJS.ProcessEnv = process.env,
): EventStoreConfig {
  const adapter = env.EVENT_STORE ?? 'postgres';
  if (adapter === 'postgres') {
    const pool = {
      max: Number(env.DB_POOL_MAX ?? 10),
      acquireTimeoutMs: Number(env.DB_ACQUIRE_TIMEOUT_MS ?? 5_000),
      statementTimeoutMs: Number(env.DB_STATEMENT_TIMEOUT_MS ?? 60_000),
      idleInTransactionTimeoutMs: Number(env.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS ?? 120_000),
    };
    return { adapter, url: env.EVENT_STORE_DATABASE_URL ?? serviceDatabaseUrl, pool };
  }
  if (adapter === 'eventstoredb') {
    if (!env.EVENTSTORE_URL) {
      throw new Error('EVENT_STORE=eventstoredb needs EVENTSTORE_URL (e.g. esdb://127.0.0.1:2113?tls=false)');
    }
    return { adapter, url: env.EVENTSTORE_URL };
  }
  throw new Error(`EVENT_STORE must be "postgres" or "eventstoredb", not "${adapter}"`);
}
