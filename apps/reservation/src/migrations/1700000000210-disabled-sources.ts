import { MigrationInterface, QueryRunner } from 'typeorm';

/** Sources switched off in the catalog (SourceSaved enabled: false): their quantity is not sellable. */
export class DisabledSources1700000000210 implements MigrationInterface {
  name = 'DisabledSources1700000000210';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE disabled_sources (code text PRIMARY KEY)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE disabled_sources`);
  }
}
