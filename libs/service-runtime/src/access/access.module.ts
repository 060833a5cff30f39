import { DynamicModule, Injectable, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { ApiKeyStore, ApiKeyVerifier } from '@inventory/access-control';
import { ServiceConfig } from '../service-config';
import { ApiKeyGuard, AuthenticatedRequest } from './api-key.guard';
import { RateLimitGuard } from './rate-limit.guard';

/** Creates the keys table when missing at start-up, closes the pool at shutdown. */
@Injectable()
class AccessLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(private readonly store: ApiKeyStore) {}

  onModuleInit(): Promise<void> {
    return this.store.ensureSchema();
  }

  onApplicationShutdown(): Promise<void> {
    return this.store.close();
  }
}

/** Ready when the key store answers: without it no route but /health can be served. */
@Injectable()
export class AccessHealthIndicator {
  constructor(
    private readonly store: ApiKeyStore,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(key = 'apiKeys') {
    const indicator = this.health.check(key);
    try {
      await this.store.ping();
      return indicator.up();
    } catch (error) {
      return indicator.down({ reason: (error as Error).message });
    }
  }
}

/**
 * API keys with roles on every route (ApiKeyGuard) and a rate limit per key (RateLimitGuard), in
 * that order: a request is counted only once its key is known.
 */
@Module({})
export class AccessModule {
  static forService(config: ServiceConfig): DynamicModule {
    return {
      module: AccessModule,
      imports: [
        TerminusModule,
        ThrottlerModule.forRoot({
          throttlers: [
            {
              ttl: 1_000,
              limit: (context) =>
                context.switchToHttp().getRequest<AuthenticatedRequest>().caller?.rateLimitPerSecond ??
                config.RATE_LIMIT_PER_SECOND,
            },
          ],
        }),
      ],
      providers: [
        { provide: ApiKeyStore, useFactory: () => new ApiKeyStore(config.ACCESS_DATABASE_URL) },
        {
          provide: ApiKeyVerifier,
          useFactory: (store: ApiKeyStore) =>
            new ApiKeyVerifier((id) => store.findForUse(id), {
              cacheMs: config.API_KEY_CACHE_MS,
              unknownCacheMs: config.UNKNOWN_KEY_CACHE_MS,
              failuresPerMinute: config.AUTH_FAILURES_PER_MINUTE,
            }),
          inject: [ApiKeyStore],
        },
        AccessLifecycle,
        AccessHealthIndicator,
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
      ],
      exports: [AccessHealthIndicator, ApiKeyVerifier],
    };
  }
}
