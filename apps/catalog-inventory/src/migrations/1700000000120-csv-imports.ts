import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * CSV imports a client named (`?importId=`): recorded in the import's own transaction, so sending
 * the same file again after a crash or a lost answer applies it once.
 */
export class CsvImports1700000000120 implements MigrationInterface {
  name = 'CsvImports1700000000120';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE csv_imports (
        import_id   text PRIMARY KEY,
        report      jsonb NOT NULL,
        imported_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE csv_imports`);
  }
}
