export type EventStoreAdapter = 'postgres' | 'eventstoredb';

export interface EventStoreConfig {
  readonly adapter: EventStoreAdapter;
  /** PostgreSQL: the service's own database. EventStoreDB: EVENTSTORE_URL. */
  readonly url: string;
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
  if (adapter === 'postgres') return { adapter, url: env.EVENT_STORE_DATABASE_URL ?? serviceDatabaseUrl };
  if (adapter === 'eventstoredb') {
    if (!env.EVENTSTORE_URL) {
      throw new Error('EVENT_STORE=eventstoredb needs EVENTSTORE_URL (e.g. esdb://127.0.0.1:2113?tls=false)');
    }
    return { adapter, url: env.EVENTSTORE_URL };
  }
  throw new Error(`EVENT_STORE must be "postgres" or "eventstoredb", not "${adapter}"`);
}
