import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Command } from 'commander';
import { CATALOG_INFRASTRUCTURE } from '../app.module';
import { SourceItemStateRepublisher } from './source-item-state-republisher';

/** What the CLI needs: the catalog's database and a Kafka publisher, no consumers. */
@Module({ imports: CATALOG_INFRASTRUCTURE, providers: [SourceItemStateRepublisher] })
class CatalogOpsModule {}

const program = new Command('catalog').description("Ops for the catalog-inventory service's data");

program
  .command('republish-state')
  .description('write every source item into the compacted inventory.source-items-state.v1')
  .action(async () => {
    const ops = await NestFactory.createApplicationContext(CatalogOpsModule, { logger: ['error', 'warn'] });
    try {
      const result = await ops.get(SourceItemStateRepublisher).run();
      console.log(`published ${result.published} source item states to inventory.source-items-state.v1`);
    } finally {
      await ops.close();
    }
  });

program.parseAsync().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
