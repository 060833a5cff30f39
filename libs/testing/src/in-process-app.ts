import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { freshDatabase } from './fresh-database';
import { createTestTopics } from './test-topics';

export interface InProcessApp {
  readonly app: INestApplication;
  readonly dataSource: DataSource;
  /** Requests with an API key: the test admin key (TEST_API_KEY) unless another is given; null sends none. */
  readonly http: (apiKey?: string | null) => ReturnType<typeof request.agent>;
  close(): Promise<void>;
}

/**
 * A service's app in the test's process, on a fresh database of its own, consumer groups of its
 * own and topics of its test file's own (testTopicPrefix()), against the real broker: for
 * integration tests of its routes and consumers. `create` builds the app
 * (createServiceApp(AppModule)) once the environment points at that database.
 */
export async function startInProcessApp(options: {
  readonly databaseUrlVariable: string;
  readonly database: string;
  readonly create: () => Promise<INestApplication>;
}): Promise<InProcessApp> {
  process.env[options.databaseUrlVariable] = await freshDatabase(options.database);
  process.env.KAFKA_GROUP_SUFFIX = `-it-${randomUUID()}`;
  await createTestTopics();
  const app = await options.create();
  await app.init();
  await app.startAllMicroservices(); // the Kafka consumers of its @EventPattern handlers
  return {
    app,
    dataSource: app.get(DataSource),
    http: (apiKey = process.env.TEST_API_KEY ?? null) => {
      const agent = request.agent(app.getHttpServer());
      return apiKey === null ? agent : agent.set('x-api-key', apiKey);
    },
    close: () => app.close(),
  };
}
