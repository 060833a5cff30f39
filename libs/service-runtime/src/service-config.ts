import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsString, Max, Min, validateSync } from 'class-validator';
import { accessDatabaseUrlFromEnv } from '@inventory/access-control';
import { flattenValidationErrors } from '@inventory/contracts';

export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

/** The settings every service reads from its environment (the names are the variables). */
export class ServiceConfig {
  @IsString() @IsNotEmpty() readonly SERVICE_NAME!: string;
  @IsString() @IsNotEmpty() readonly HOST!: string;
  @IsInt() @Min(0) @Max(65535) readonly PORT!: number;
  /** postgres://user@host:port/database of this service's own database. */
  @IsString() @IsNotEmpty() readonly DATABASE_URL!: string;
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) readonly LOG_LEVEL!: string;
  /** `json` lines for machines (default), `pretty` for a person at a terminal. */
  @IsIn(['json', 'pretty']) readonly LOG_FORMAT!: string;
  /** The database of API keys, shared by the services (libs/access-control). */
  @IsString() @IsNotEmpty() readonly ACCESS_DATABASE_URL!: string;
  /** How long a verified key is trusted before it is read again (so a revocation takes this long). */
  @IsInt() @Min(0) @Max(300_000) readonly API_KEY_CACHE_MS!: number;
  /** How long a key id nobody has is remembered as unknown (no read for it meanwhile). */
  @IsInt() @Min(0) @Max(3_600_000) readonly UNKNOWN_KEY_CACHE_MS!: number;
  /** Unknown keys one client address may present per minute per instance before it gets 429. */
  @IsInt() @Min(1) @Max(1_000_000) readonly AUTH_FAILURES_PER_MINUTE!: number;
  /** Requests per second per key per instance, unless the key has its own limit. */
  @IsInt() @Min(1) @Max(1_000_000) readonly RATE_LIMIT_PER_SECOND!: number;
  /** Largest JSON body accepted (body-parser syntax: 10mb, 512kb). */
  @IsString() @IsNotEmpty() readonly JSON_BODY_LIMIT!: string;
  /** Connections of the service's pool. */
  @IsInt() @Min(1) @Max(500) readonly DB_POOL_MAX!: number;
  /** How long a request waits for a free connection before it is answered 503 (not left hanging). */
  @IsInt() @Min(50) @Max(120_000) readonly DB_ACQUIRE_TIMEOUT_MS!: number;
  /** A statement running longer is cancelled (PostgreSQL's statement_timeout). */
  @IsInt() @Min(100) @Max(3_600_000) readonly DB_STATEMENT_TIMEOUT_MS!: number;
  /** A transaction idle this long is ended by the server, its locks released. */
  @IsInt() @Min(100) @Max(3_600_000) readonly DB_IDLE_IN_TRANSACTION_TIMEOUT_MS!: number;
  /** One readiness answer serves every probe for this long (the route is public). */
  @IsInt() @Min(0) @Max(60_000) readonly HEALTH_CACHE_MS!: number;
  /** A readiness check that has not answered within this is reported down, naming it. */
  @IsInt() @Min(10) @Max(60_000) readonly HEALTH_CHECK_TIMEOUT_MS!: number;
  /** A background loop failing longer than this makes the service unready (naming it). */
  @IsInt() @Min(100) @Max(3_600_000) readonly LOOP_UNREADY_AFTER_MS!: number;
  /** ... and longer than this, not alive: an orchestrator restarts the process. */
  @IsInt() @Min(1_000) @Max(86_400_000) readonly LOOP_DEAD_AFTER_MS!: number;
}

export interface ServiceDefaults {
  readonly name: string;
  readonly port: number;
  /** Environment variable that overrides PORT for this service, e.g. RESERVATION_PORT. */
  readonly portVariable: string;
  readonly database: string;
  readonly databaseUrlVariable: string;
}

/** The service's own database, as its own role (named after the database: database-roles.ts). */
const PG_URL = (database: string, env: NodeJS.ProcessEnv) =>
  `postgres://${database}@${env.PGHOST ?? '127.0.0.1'}:${env.PGPORT ?? '5432'}/${database}`;

/** Reads and validates the configuration; a bad value stops start-up naming the variable. */
export function loadServiceConfig(
  defaults: ServiceDefaults,
  env: NodeJS.ProcessEnv = process.env,
): ServiceConfig {
  const raw = {
    SERVICE_NAME: defaults.name,
    HOST: env.HOST ?? '127.0.0.1',
    PORT: Number(env[defaults.portVariable] ?? env.PORT ?? defaults.port),
    DATABASE_URL: env[defaults.databaseUrlVariable] ?? env.DATABASE_URL ?? PG_URL(defaults.database, env),
    LOG_LEVEL: env.LOG_LEVEL ?? 'info',
    LOG_FORMAT: env.LOG_FORMAT ?? 'json',
    ACCESS_DATABASE_URL: accessDatabaseUrlFromEnv(env, defaults.database),
    API_KEY_CACHE_MS: Number(env.API_KEY_CACHE_MS ?? 5_000),
    UNKNOWN_KEY_CACHE_MS: Number(env.UNKNOWN_KEY_CACHE_MS ?? 30_000),
    AUTH_FAILURES_PER_MINUTE: Number(env.AUTH_FAILURES_PER_MINUTE ?? 60),
    RATE_LIMIT_PER_SECOND: Number(env.RATE_LIMIT_PER_SECOND ?? 200),
    JSON_BODY_LIMIT: env.JSON_BODY_LIMIT ?? '10mb',
    DB_POOL_MAX: Number(env.DB_POOL_MAX ?? 10),
    DB_ACQUIRE_TIMEOUT_MS: Number(env.DB_ACQUIRE_TIMEOUT_MS ?? 5_000),
    DB_STATEMENT_TIMEOUT_MS: Number(env.DB_STATEMENT_TIMEOUT_MS ?? 60_000),
    DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: Number(env.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS ?? 120_000),
    HEALTH_CACHE_MS: Number(env.HEALTH_CACHE_MS ?? 1_000),
    HEALTH_CHECK_TIMEOUT_MS: Number(env.HEALTH_CHECK_TIMEOUT_MS ?? 3_000),
    LOOP_UNREADY_AFTER_MS: Number(env.LOOP_UNREADY_AFTER_MS ?? 15_000),
    LOOP_DEAD_AFTER_MS: Number(env.LOOP_DEAD_AFTER_MS ?? 180_000),
  };
  return validateConfig(ServiceConfig, raw);
}

/**
 * Turns raw settings into a validated config class; a bad value stops start-up with a message that
 * names the variable. Services validate their own settings (SMTP, schedules) with it too.
 */
export function validateConfig<T extends object>(type: new () => T, raw: Record<string, unknown>): T {
  const config = plainToInstance(type, raw);
  const errors = flattenValidationErrors(validateSync(config));
  if (errors.length) {
    throw new Error(
      `Invalid configuration: ${errors.map((e) => `${e.field}: ${e.problems.join(', ')}`).join('; ')}`,
    );
  }
  return config;
}
