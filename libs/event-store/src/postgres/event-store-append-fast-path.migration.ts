import { MigrationInterface, QueryRunner } from 'typeorm';
import { EVENT_STORE_APPEND_FUNCTIONS } from './schema';

/**
 * Databases created before es_append wrote all streams of an append at once (and refused a retry
 * that repeats some streams of an append but adds to others) get the current function.
 */
export class EventStoreAppendFastPath1700000000060 implements MigrationInterface {
  name = 'EventStoreAppendFastPath1700000000060';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of EVENT_STORE_APPEND_FUNCTIONS) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    // The function before is a slower version of the same contract: nothing to undo.
  }
}
