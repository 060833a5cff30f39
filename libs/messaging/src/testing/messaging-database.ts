import { freshDatabase } from '@inventory/testing';
import { DataSource } from 'typeorm';
import { AppliedVersions1700000000001 } from '../inbox/applied-versions.migration';
import { MessagingTables1700000000000 } from '../outbox/messaging-tables.migration';
import { DeadLetters1700000000003 } from '../dead-letters/dead-letters.migration';
import { OutboxParking1700000000002 } from '../outbox/outbox-parking.migration';

/** A fresh database with the outbox, inbox and applied-versions tables, for this library's integration tests. */
export async function messagingDatabase(name: string): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'postgres',
    url: await freshDatabase(name),
    migrations: [
      MessagingTables1700000000000,
      AppliedVersions1700000000001,
      OutboxParking1700000000002,
      DeadLetters1700000000003,
    ],
    migrationsRun: true,
  });
  return dataSource.initialize();
}
