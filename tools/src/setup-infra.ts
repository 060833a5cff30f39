/**
 * Creates what the services expect to exist: the Kafka topics of DESIGN.md with their `.dlq`
 * twins, and one PostgreSQL database per service. Idempotent.
 *   node dist/tools/src/setup-infra.js            databases for running the system
 *   node dist/tools/src/setup-infra.js --test     fresh (dropped and recreated) test databases
 * Environment: KAFKA_BROKERS, KAFKA_PARTITIONS (6), PGHOST, PGPORT, PGUSER.
 */
import { ALL_TOPICS, deadLetterTopicOf } from '@inventory/contracts';
import { kafkaConnectionFromEnv } from '@inventory/messaging';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { SERVICE_NAMES, databaseFor } from './service-databases';

export async function createTopics(env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const kafka = new Kafka({ ...kafkaConnectionFromEnv('setup-infra', env), logLevel: logLevel.ERROR });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = ALL_TOPICS.flatMap((topic) => [topic, deadLetterTopicOf(topic)]);
    const missing = wanted.filter((topic) => !existing.has(topic));
    const numPartitions = Number(env.KAFKA_PARTITIONS ?? 6);
    if (missing.length) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions, replicationFactor: 1 })),
      });
    }
    return missing;
  } finally {
    await admin.disconnect();
  }
}

export async function createDatabases(forTests: boolean, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const client = new Client({
    host: env.PGHOST ?? '127.0.0.1',
    port: Number(env.PGPORT ?? 5432),
    user: env.PGUSER ?? 'postgres',
    database: 'postgres',
  });
  await client.connect();
  try {
    const created: string[] = [];
    for (const service of SERVICE_NAMES) {
      const database = databaseFor(service, forTests);
      // Test databases start empty so every run begins from the same state.
      if (forTests) await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      const { rowCount } = await client.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [database]);
      if (!rowCount) {
        await client.query(`CREATE DATABASE "${database}"`);
        created.push(database);
      }
    }
    return created;
  } finally {
    await client.end();
  }
}

async function main() {
  const forTests = process.argv.includes('--test');
  const topics = await createTopics();
  console.log(`[setup] Kafka topics: ${topics.length ? `created ${topics.join(', ')}` : 'all present'}`);
  const databases = await createDatabases(forTests);
  console.log(`[setup] PostgreSQL databases${forTests ? ' (test)' : ''}: ${databases.length ? `created ${databases.join(', ')}` : 'all present'}`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(`[setup] failed: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}
