/**
 * Creates what the services expect to exist: the Kafka topics of the contract with their `.dlq`
 * twins, and one PostgreSQL database per service. Idempotent.
 *   node dist/tools/src/setup-infra.js            databases for running the system
 *   node dist/tools/src/setup-infra.js --test     fresh (dropped and recreated) test databases
 * Environment: KAFKA_BROKERS, KAFKA_PARTITIONS (6), PGHOST, PGPORT, PGUSER.
 */
import { createTopics } from '@inventory/messaging';
import { createDatabases } from '@inventory/service-runtime';

async function main() {
  const forTests = process.argv.includes('--test');
  const topics = await createTopics();
  console.log(`[setup] Kafka topics: ${topics.length ? `created ${topics.join(', ')}` : 'all present'}`);
  const databases = await createDatabases(forTests);
  const which = forTests ? 'test databases (fresh)' : 'databases';
  console.log(
    `[setup] PostgreSQL ${which}: ${databases.length ? `created ${databases.join(', ')}` : 'all present'}`,
  );
}

main().catch((error) => {
  console.error(`[setup] failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
