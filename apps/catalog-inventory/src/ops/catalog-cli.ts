import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Command } from 'commander';
import { CATALOG_INFRASTRUCTURE } from '../app.module';
import { StocksService } from '../stocks/stocks.service';
import { CatalogRepublisher } from './catalog-republisher';
import { SourceItemStateRepublisher } from './source-item-state-republisher';

/** What the CLI needs: the catalog's database and a Kafka publisher, no consumers. */
@Module({
  imports: CATALOG_INFRASTRUCTURE,
  providers: [SourceItemStateRepublisher, CatalogRepublisher, StocksService],
})
class CatalogOpsModule {}

async function withOps<T>(work: (ops: INestApplicationContext) => Promise<T>): Promise<T> {
  const ops = await NestFactory.createApplicationContext(CatalogOpsModule, { logger: ['error', 'warn'] });
  try {
    return await work(ops);
  } finally {
    await ops.close(); // flushes the outbox relay first
  }
}

const program = new Command('catalog').description("Ops for the catalog-inventory service's data");

program
  .command('republish-state')
  .description('write every source item into the compacted inventory.source-items-state.v1')
  .action(() =>
    withOps(async (ops) => {
      const result = await ops.get(SourceItemStateRepublisher).run();
      console.log(`published ${result.published} source item states to inventory.source-items-state.v1`);
    }),
  );

program
  .command('republish')
  .description(
    'publish the whole current catalog again on inventory.catalog.v1 as new versions (sources, stocks, settings, source items): for consumers restored from a backup older than the topic',
  )
  .action(() =>
    withOps(async (ops) => {
      const result = await ops.get(CatalogRepublisher).run();
      console.log(
        `republished ${result.sources} sources, ${result.stocks} stocks, ${result.settings} settings scopes and the source items of ${result.skus} SKUs on inventory.catalog.v1`,
      );
    }),
  );

program.parseAsync().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
