import { freshDatabase } from '@inventory/testing';
import { DataSource } from 'typeorm';
import { MessagingTables1700000000000 } from '../outbox/messaging-tables.migration';

/** A fresh database with the outbox and inbox tables, for this library's integration tests. */
export async function messagingDatabase(name: string): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'postgres',
    url: await freshDatabase(name),
    migrations: [MessagingTables1700000000000],
    migrationsRun: true,
  });
  return dataSource.initialize();
}
