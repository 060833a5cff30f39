import { eventStoreConfigFromEnv } from './event-store-config';

describe('eventStoreConfigFromEnv', () => {
  const serviceDb = 'postgres://postgres@127.0.0.1:5432/inventory_reservation';

  it('defaults to PostgreSQL in the service database', () => {
    const pool = {
      max: 10,
      acquireTimeoutMs: 5_000,
      statementTimeoutMs: 60_000,
      idleInTransactionTimeoutMs: 120_000,
    };
    expect(eventStoreConfigFromEnv(serviceDb, {})).toEqual({ adapter: 'postgres', url: serviceDb, pool });
    expect(
      eventStoreConfigFromEnv(serviceDb, { EVENT_STORE_DATABASE_URL: 'postgres://x/es', DB_POOL_MAX: '4' }),
    ).toEqual({
      adapter: 'postgres',
      url: 'postgres://x/es',
      pool: { ...pool, max: 4 },
    });
  });

  it('selects EventStoreDB by configuration and names the missing URL', () => {
    expect(
      eventStoreConfigFromEnv(serviceDb, { EVENT_STORE: 'eventstoredb', EVENTSTORE_URL: 'esdb://h:2113' }),
    ).toEqual({
      adapter: 'eventstoredb',
      url: 'esdb://h:2113',
    });
    expect(() => eventStoreConfigFromEnv(serviceDb, { EVENT_STORE: 'eventstoredb' })).toThrow(
      /EVENTSTORE_URL/,
    );
    expect(() => eventStoreConfigFromEnv(serviceDb, { EVENT_STORE: 'mongo' })).toThrow(/EVENT_STORE must be/);
  });
});
