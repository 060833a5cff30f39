import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { createServiceApp } from '@inventory/service-runtime';
import { freshDatabase } from '@inventory/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';

export interface CatalogApp {
  readonly app: INestApplication;
  readonly dataSource: DataSource;
  readonly http: () => ReturnType<typeof request>;
  close(): Promise<void>;
}

/**
 * The catalog-inventory app in-process, on a fresh database of its own and consumer groups of its
 * own, against the real broker: for integration tests of its routes and consumers.
 */
export async function startCatalogApp(database: string): Promise<CatalogApp> {
  process.env.CATALOG_INVENTORY_DATABASE_URL = await freshDatabase(database);
  process.env.KAFKA_GROUP_SUFFIX = `-it-${randomUUID()}`;
  const { AppModule } = await import('../app.module');
  const app = await createServiceApp(AppModule);
  await app.init();
  return {
    app,
    dataSource: app.get(DataSource),
    http: () => request(app.getHttpServer()),
    close: () => app.close(),
  };
}

/** Outbox rows of one type and key, oldest first, parsed. */
export async function outboxEvents(dataSource: DataSource, type: string, key: string) {
  const rows: { payload: string }[] = await dataSource.query(
    `SELECT payload FROM outbox WHERE event_type = $1 AND message_key = $2 ORDER BY id`,
    [type, key],
  );
  return rows.map((row) => JSON.parse(row.payload));
}
