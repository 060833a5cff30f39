import { loadServiceConfig } from './service-config';
import { SERVICES } from './services';

describe('loadServiceConfig', () => {
  it('uses the service defaults', () => {
    expect(loadServiceConfig(SERVICES.reservation, {})).toEqual({
      SERVICE_NAME: 'reservation',
      HOST: '127.0.0.1',
      PORT: 3002,
      DATABASE_URL: 'postgres://inventory_reservation@127.0.0.1:5432/inventory_reservation',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      ACCESS_DATABASE_URL: 'postgres://inventory_reservation@127.0.0.1:5432/inventory_access',
      API_KEY_CACHE_MS: 5000,
      UNKNOWN_KEY_CACHE_MS: 30_000,
      AUTH_FAILURES_PER_MINUTE: 60,
      RATE_LIMIT_PER_SECOND: 200,
      JSON_BODY_LIMIT: '10mb',
      DB_POOL_MAX: 10,
      DB_ACQUIRE_TIMEOUT_MS: 5_000,
      DB_STATEMENT_TIMEOUT_MS: 60_000,
      DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: 120_000,
      HEALTH_CACHE_MS: 1_000,
      HEALTH_CHECK_TIMEOUT_MS: 3_000,
      LOOP_UNREADY_AFTER_MS: 15_000,
      LOOP_DEAD_AFTER_MS: 180_000,
    });
  });

  it('prefers the service-specific variables over the generic ones', () => {
    const config = loadServiceConfig(SERVICES.reservation, {
      PORT: '4000',
      RESERVATION_PORT: '4002',
      DATABASE_URL: 'postgres://a/b',
      RESERVATION_DATABASE_URL: 'postgres://c/d',
    });
    expect(config).toMatchObject({ PORT: 4002, DATABASE_URL: 'postgres://c/d' });
  });

  it('refuses a bad value, naming the variable', () => {
    expect(() => loadServiceConfig(SERVICES.fulfillment, { FULFILLMENT_PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadServiceConfig(SERVICES.fulfillment, { LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => loadServiceConfig(SERVICES.fulfillment, { RATE_LIMIT_PER_SECOND: '0' })).toThrow(
      /RATE_LIMIT_PER_SECOND/,
    );
    expect(() => loadServiceConfig(SERVICES.fulfillment, { API_KEY_CACHE_MS: 'soon' })).toThrow(
      /API_KEY_CACHE_MS/,
    );
  });
});
