import { eventStoreConfigFromEnv } from './event-store-config';

describe('eventStoreConfigFromEnv', () => {
  const serviceDb = 'postgres://postgres@127.0.0.1:5432/inventory_reservation';

  it('defaults to PostgreSQL in the service database', () => {
    expect(eventStoreConfigFromEnv(serviceDb, {})).toEqual({ adapter: 'postgres', url: serviceDb });
    expect(eventStoreConfigFromEnv(serviceDb, { EVENT_STORE_DATABASE_URL: 'postgres://x/es' })).toEqual({
      adapter: 'postgres',
      url: 'postgres://x/es',
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
