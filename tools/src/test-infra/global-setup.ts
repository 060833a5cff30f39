import { ACCESS_DATABASE, ApiKeyStore, defaultAccessDatabaseUrl } from '@inventory/access-control';
import { createTopics } from '@inventory/messaging';
import { createDatabases, testDatabaseOf } from '@inventory/service-runtime';

interface StartedContainer {
  stop(): Promise<unknown>;
}

declare global {
  // Shared between globalSetup and globalTeardown (same process).
  var __INVENTORY_CONTAINERS__: StartedContainer[] | undefined;
}

/**
 * Kafka and PostgreSQL for integration and e2e tests. Where a Docker engine answers
 * (USE_TESTCONTAINERS=1, set by scripts/test.sh) they are testcontainers; otherwise the ones
 * scripts/prepare.sh started on this machine. Runs once however many projects list it.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.INVENTORY_TEST_INFRA) return;
  process.env.INVENTORY_TEST_INFRA = 'ready';
  process.env.LOG_LEVEL ??= 'warn';
  if (!process.env.EVENTSTORE_URL) {
    console.log(
      '\n[test] EventStoreDB contract suite not run: EVENTSTORE_URL is not set (docker compose sets it)',
    );
  }
  if (process.env.USE_TESTCONTAINERS === '1') {
    await startContainers();
  } else {
    console.log(
      `\n[test] No Docker engine: using Kafka at ${process.env.KAFKA_BROKERS ?? '127.0.0.1:9092'} and PostgreSQL at ` +
        `${process.env.PGHOST ?? '127.0.0.1'}:${process.env.PGPORT ?? '5432'} started by scripts/prepare.sh`,
    );
  }
  await createTestApiKey();
}

/**
 * The services under test read keys from the test key database; the tests call them with an
 * admin key made here (TEST_API_KEY), and make keys of other roles where roles are the subject.
 */
async function createTestApiKey(): Promise<void> {
  process.env.ACCESS_DATABASE_URL ??= defaultAccessDatabaseUrl(process.env, testDatabaseOf(ACCESS_DATABASE));
  const store = new ApiKeyStore(process.env.ACCESS_DATABASE_URL);
  try {
    await store.ensureSchema();
    process.env.TEST_API_KEY = (await store.create({ name: 'test-admin', roles: ['admin'] })).key;
  } finally {
    await store.close();
  }
}

async function startContainers(): Promise<void> {
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const [kafka, postgres] = await Promise.all([
    new KafkaContainer('confluentinc/cp-kafka:7.9.0').withKraft().start(),
    new PostgreSqlContainer('postgres:16-alpine')
      .withUsername('postgres')
      .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust' })
      .start(),
  ]);
  globalThis.__INVENTORY_CONTAINERS__ = [kafka, postgres];
  process.env.KAFKA_BROKERS = `${kafka.getHost()}:${kafka.getMappedPort(9093)}`;
  process.env.PGHOST = postgres.getHost();
  process.env.PGPORT = String(postgres.getPort());
  await createTopics();
  await createDatabases(true);
  console.log(
    `\n[test] Docker engine found: Kafka at ${process.env.KAFKA_BROKERS}, PostgreSQL at ${process.env.PGHOST}:${process.env.PGPORT} (testcontainers)`,
  );
}
