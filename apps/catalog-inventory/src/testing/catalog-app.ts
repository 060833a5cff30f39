import { SERVICES, createServiceApp } from '@inventory/service-runtime';
import { InProcessApp, startInProcessApp } from '@inventory/testing';
import { DataSource } from 'typeorm';

export type CatalogApp = InProcessApp;

/** The catalog-inventory app in-process on a fresh database, against the real broker. */
export function startCatalogApp(database: string): Promise<CatalogApp> {
  return startInProcessApp({
    databaseUrlVariable: SERVICES['catalog-inventory'].databaseUrlVariable,
    database,
    create: async () => createServiceApp((await import('../app.module')).AppModule),
  });
}

/** Outbox rows of one type and key, oldest first, parsed. */
export async function outboxEvents(dataSource: DataSource, type: string, key: string) {
  const rows: { payload: string }[] = await dataSource.query(
    `SELECT payload FROM outbox WHERE event_type = $1 AND message_key = $2 ORDER BY id`,
    [type, key],
  );
  return rows.map((row) => JSON.parse(row.payload));
}
