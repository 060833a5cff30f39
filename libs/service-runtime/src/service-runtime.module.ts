import { DynamicModule, Logger, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  AppliedVersions1700000000001,
  HistoryRetention,
  MessagingModule,
  MessagingTables1700000000000,
  OutboxParking1700000000002,
  DeadLetters1700000000003,
} from '@inventory/messaging';
import { ObservabilityModule, currentEventContext, keepConnectionErrors } from '@inventory/observability';
import { LoggerModule } from 'nestjs-pino';
import { AccessModule } from './access/access.module';
import { HealthController } from './health.controller';
import { MetricsController } from './observability/metrics.controller';
import { DeadLettersController } from './ops/dead-letters.controller';
import { SERVICE_CONFIG, ServiceDefaults, loadServiceConfig } from './service-config';

type Constructor = new (...args: never[]) => unknown;

export interface ServiceDefinition extends ServiceDefaults {
  /** TypeORM migrations of this service, oldest first; the messaging tables come before them. */
  readonly migrations: readonly Constructor[];
  readonly entities?: readonly Constructor[];
  /** History tables of the service, pruned past their age by the messaging retention loop. */
  readonly history?: readonly HistoryRetention[];
}

/**
 * What every service has: validated configuration, structured logs, its own PostgreSQL database
 * migrated at start-up, Kafka with outbox and inbox, API keys with roles and rate limits, and /health.
 */
@Module({})
export class ServiceRuntimeModule {
  static forService(definition: ServiceDefinition): DynamicModule {
    const config = loadServiceConfig(definition);
    return {
      module: ServiceRuntimeModule,
      global: true,
      imports: [
        ObservabilityModule.forService(definition.name),
        LoggerModule.forRoot({
          pinoHttp: {
            name: definition.name,
            level: config.LOG_LEVEL,
            autoLogging: false,
            // A log line must never carry a credential.
            redact: {
              paths: ['req.headers["x-api-key"]', 'req.headers.authorization'],
              censor: '[redacted]',
            },
            // A line written while a Kafka event is handled carries its eventId and correlationId.
            mixin: () => ({ ...currentEventContext() }),
            transport:
              config.LOG_FORMAT === 'pretty'
                ? {
                    target: 'pino-pretty',
                    options: { singleLine: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' },
                  }
                : undefined,
          },
        }),
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: config.DATABASE_URL,
          entities: [...(definition.entities ?? [])],
          migrations: [
            MessagingTables1700000000000,
            AppliedVersions1700000000001,
            OutboxParking1700000000002,
            DeadLetters1700000000003,
            ...definition.migrations,
          ],
          migrationsRun: true,
          migrationsTransactionMode: 'each',
          synchronize: false,
          // Bounded waits: a full pool answers 503 (Retry-After) instead of hanging, a runaway
          // statement is cancelled, and a transaction left idle does not hold its locks for ever.
          extra: {
            max: config.DB_POOL_MAX,
            connectionTimeoutMillis: config.DB_ACQUIRE_TIMEOUT_MS,
            statement_timeout: config.DB_STATEMENT_TIMEOUT_MS,
            idle_in_transaction_session_timeout: config.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
            onConnect: keepConnectionErrors((message) => new Logger('Database').warn(message)),
          },
        }),
        TerminusModule,
        MessagingModule.forService({ serviceName: definition.name, history: definition.history }),
        AccessModule.forService(config),
      ],
      controllers: [HealthController, MetricsController, DeadLettersController],
      providers: [{ provide: SERVICE_CONFIG, useValue: config }],
      exports: [SERVICE_CONFIG, AccessModule],
    };
  }
}
