import { freshDatabase } from '@inventory/testing';
import { Pool } from 'pg';
import { describeEventStoreContract } from '../testing/event-store-contract';
import { PostgresEventStore } from './postgres-event-store';
import { createEventStoreSchema } from './schema';

jest.setTimeout(120_000);

let pool: Pool | undefined;

describeEventStoreContract(
  'PostgreSQL',
  async () => {
    pool = new Pool({ connectionString: await freshDatabase('inventory_event_store_it'), max: 20 });
    await createEventStoreSchema(pool);
    return new PostgresEventStore(pool);
  },
  { atomicMultiStreamAppend: true, strictEventIdChecks: true },
);

afterAll(async () => {
  await pool?.end();
});
