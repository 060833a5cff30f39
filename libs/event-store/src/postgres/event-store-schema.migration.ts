import { MigrationInterface, QueryRunner } from 'typeorm';
import { EVENT_STORE_SCHEMA } from './schema';

/** The PostgreSQL event store's tables and append function, for a service's migration list. */
export class EventStoreSchema1700000000050 implements MigrationInterface {
  name = 'EventStoreSchema1700000000050';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of EVENT_STORE_SCHEMA) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION IF EXISTS es_append`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS es_raise_if_behind`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS es_check_revision`);
    await queryRunner.query(`DROP TABLE IF EXISTS es_events`);
    await queryRunner.query(`DROP TABLE IF EXISTS es_streams`);
    await queryRunner.query(`DROP SEQUENCE IF EXISTS es_position`);
  }
}
