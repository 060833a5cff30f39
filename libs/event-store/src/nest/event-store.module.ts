import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { Pool } from 'pg';
import { keepConnectionErrors } from '@inventory/observability';
import { EVENT_STORE, EventStore } from '../event-store';
import { EventStoreDbEventStore } from '../eventstoredb/eventstoredb-event-store';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { EventStoreConfig } from './event-store-config';

const EVENT_STORE_POOL = Symbol('EVENT_STORE_POOL');

/** Closes the store (its subscriptions) and then the pool it owns. */
@Injectable()
class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_STORE_POOL) private readonly pool: Pool | null,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    await this.pool?.end();
  }
}

/** Readiness: the event store answers a read. */
@Injectable()
export class EventStoreHealthIndicator {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(key = 'eventStore') {
    const indicator = this.health.check(key);
    try {
      await this.store.readStream('$health', { maxCount: 1 });
      return indicator.up();
    } catch (error) {
      return indicator.down({ reason: (error as Error).message });
    }
  }
}

/**
 * Provides EVENT_STORE, the adapter chosen by configuration (see eventStoreConfigFromEnv). With
 * PostgreSQL, list EventStoreSchema1700000000050 in the service's migrations.
 */
/**
 * A pool whose idle connections may drop (PostgreSQL restarting) without crashing the process:
 * the pool discards them and opens new ones; readiness reports the database meanwhile.
 */
function poolFor({ url, pool: bounds }: EventStoreConfig): Pool {
  const pool = new Pool({
    connectionString: url,
    max: bounds?.max ?? 10,
    connectionTimeoutMillis: bounds?.acquireTimeoutMs,
    statement_timeout: bounds?.statementTimeoutMs,
    idle_in_transaction_session_timeout: bounds?.idleInTransactionTimeoutMs,
    onConnect: keepConnectionErrors((message) => new Logger('EventStorePool').warn(message)),
  });
  pool.on('error', (error) => new Logger('EventStorePool').warn(`Idle connection lost: ${error.message}`));
  return pool;
}

@Module({})
export class EventStoreModule {
  static forRoot<TDeps extends unknown[]>(
    config: (...deps: TDeps) => EventStoreConfig,
    inject: readonly (string | symbol)[] = [],
  ): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      imports: [TerminusModule],
      providers: [
        { provide: 'EVENT_STORE_CONFIG', useFactory: config, inject: [...inject] },
        {
          provide: EVENT_STORE_POOL,
          useFactory: (c: EventStoreConfig) => (c.adapter === 'postgres' ? poolFor(c) : null),
          inject: ['EVENT_STORE_CONFIG'],
        },
        {
          provide: EVENT_STORE,
          useFactory: (c: EventStoreConfig, pool: Pool | null): EventStore =>
            pool ? new PostgresEventStore(pool) : EventStoreDbEventStore.fromConnectionString(c.url),
          inject: ['EVENT_STORE_CONFIG', EVENT_STORE_POOL],
        },
        EventStoreLifecycle,
        EventStoreHealthIndicator,
      ],
      exports: [EVENT_STORE, EventStoreHealthIndicator],
    };
  }
}
