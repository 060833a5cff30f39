import { randomUUID } from 'node:crypto';
import { ACCESS_DATABASE } from '@inventory/access-control';
import {
  SERVICES,
  SERVICE_NAMES,
  ServiceName,
  databaseRoleOf,
  testDatabaseOf,
} from '@inventory/service-runtime';
import { ServiceProcess } from '@inventory/testing';

/** Test ports sit beside the development ones (3001–3004) so both can run at once. */
const TEST_PORT = {
  'catalog-inventory': 3101,
  reservation: 3102,
  fulfillment: 3103,
  notification: 3104,
  replenishment: 3105,
} as const;

const pgUrl = (user: string, database: string) =>
  `postgres://${user}@${process.env.PGHOST ?? '127.0.0.1'}:${process.env.PGPORT ?? '5432'}/${database}`;

/** A service's test database as the admin (PGUSER): for the tests' own reads. */
export const databaseUrl = (service: ServiceName) =>
  pgUrl(process.env.PGUSER ?? 'postgres', testDatabaseOf(SERVICES[service].database));

/** What a service connects as: its own role, to its test database and the test key database. */
export const serviceDatabaseUrls = (service: ServiceName) => ({
  DATABASE_URL: pgUrl(databaseRoleOf(service), testDatabaseOf(SERVICES[service].database)),
  ACCESS_DATABASE_URL: pgUrl(databaseRoleOf(service), testDatabaseOf(ACCESS_DATABASE)),
});

/**
 * One service as its own process on its test database, with the consumer groups of this run (so
 * several processes of one service with the same runId share their groups, as instances do).
 */
export function testServiceProcess(
  name: ServiceName,
  port: number,
  runId: string,
  env: NodeJS.ProcessEnv = {},
): ServiceProcess {
  return new ServiceProcess(name, port, {
    ...env,
    [SERVICES[name].portVariable]: String(port),
    ...serviceDatabaseUrls(name),
    KAFKA_GROUP_SUFFIX: `-e2e-${runId}`,
    // Fresh groups start at the end of each topic: the integration suites may have left
    // 100,000 catalog events on the test broker, which this run's services need not read.
    // Safe because /health only answers once every consumer has joined its group.
    KAFKA_FROM_BEGINNING: 'false',
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
  });
}

/** The four services as separate processes on the test databases, with consumer groups of this run. */
export class RunningSystem {
  readonly services: Record<ServiceName, ServiceProcess>;

  /** `env` is given to every service (e.g. the notification service's SMTP settings). */
  constructor(
    readonly runId = randomUUID().slice(0, 8),
    env: NodeJS.ProcessEnv = {},
  ) {
    this.services = Object.fromEntries(
      SERVICE_NAMES.map((name) => [name, testServiceProcess(name, TEST_PORT[name], runId, env)]),
    ) as Record<ServiceName, ServiceProcess>;
  }

  url(service: ServiceName): string {
    return this.services[service].url;
  }

  start(): Promise<void[]> {
    return Promise.all(Object.values(this.services).map((service) => service.start()));
  }

  /** SIGTERM to every service; the exit code of each. */
  async stop(): Promise<Record<string, number | null>> {
    const codes = await Promise.all(
      Object.values(this.services).map(async (s) => [s.name, await s.stop()] as const),
    );
    return Object.fromEntries(codes);
  }
}
