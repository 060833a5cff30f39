import { MigrationInterface, QueryRunner } from 'typeorm';
import { EVENT_STORE_APPEND_FUNCTIONS } from './schema';

/**
 * es_append's retry path named its series like a variable of the function, which PL/pgSQL refuses
 * as ambiguous: a redelivered batch with a new stream before a recorded one failed (and was
 * dead-lettered) instead of being recognised as recorded. Found by `npm run test:faults`.
 */
export class EventStoreAppendRetry1700000000070 implements MigrationInterface {
  name = 'EventStoreAppendRetry1700000000070';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of EVENT_STORE_APPEND_FUNCTIONS) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    // The function before differs only by the bug: nothing to undo.
  }
}
