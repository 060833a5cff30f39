import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConsoleLogger, INestApplicationContext, LogLevel } from '@nestjs/common';
import { START, positionFromString } from '@inventory/event-store';
import { SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { Inconsistency } from './audit/audit-rules';
import { InventoryAudit } from './audit/inventory-audit';
import { OpsModule } from './ops.module';
import { Republisher } from './republisher';
import { SalableStateRepublisher } from './salable-state-republisher';
import { SalableQuantityReplay } from './salable-quantity-replay';

/**
 * `npm run inventory -- <command>`: ops on the reservation service's event store, with the
 * service's own configuration (RESERVATION_DATABASE_URL, KAFKA_BROKERS, EVENT_STORE, …).
 */
/** Warnings and errors on stderr: stdout is the command's answer (the audit's JSON). */
class StderrLogger extends ConsoleLogger {
  protected override printMessages(
    messages: unknown[],
    context?: string,
    logLevel?: LogLevel,
    _stream?: 'stdout' | 'stderr',
    errorStack?: string,
  ): void {
    super.printMessages(messages, context, logLevel, 'stderr', errorStack);
  }
}

async function withOps<T>(work: (ops: INestApplicationContext) => Promise<T>): Promise<T> {
  const ops = await NestFactory.createApplicationContext(OpsModule, {
    logger: new StderrLogger({ logLevels: ['error', 'warn'] }),
  });
  try {
    return await work(ops);
  } finally {
    await ops.close();
  }
}

function progressBar(label: string) {
  const bar = new SingleBar({
    format: `${label} {value} events | {rate} events/s | position {position}`,
    noTTYOutput: true,
    notTTYSchedule: 2_000,
  });
  const started = Date.now();
  bar.start(0, 0, { rate: 0, position: '-' });
  return {
    update: (events: number, position: string | null) =>
      bar.update(events, {
        rate: Math.round(events / Math.max(0.001, (Date.now() - started) / 1000)),
        position: position ?? '-',
      }),
    stop: () => bar.stop(),
  };
}

const program = new Command('inventory').description("Ops for the reservation service's event store");

program
  .command('replay')
  .argument('<projection>', 'the projection to rebuild: salable-quantity')
  .description('rebuild a projection from the event store into fresh tables and swap them in')
  .action(async (projection: string) => {
    if (projection !== 'salable-quantity')
      throw new InvalidArgumentError(`unknown projection "${projection}"`);
    await withOps(async (ops) => {
      const bar = progressBar('replay salable-quantity');
      const result = await ops
        .get(SalableQuantityReplay)
        .run(({ events, position }) => bar.update(events, position));
      bar.stop();
      const rate = Math.round(result.events / Math.max(result.seconds, 0.001));
      console.log(
        `replayed ${result.events} events in ${result.seconds.toFixed(1)} s (${rate} events/s); swapped in`,
      );
    });
  });

program
  .command('republish')
  .description('re-emit the reservation events stored from a position on to Kafka (same event ids)')
  .option(
    '--from <position>',
    'commit:prepare, as in GET /stocks/:id/skus/:sku/events (default: the start)',
    (text) => {
      try {
        return positionFromString(text);
      } catch {
        throw new InvalidArgumentError('must be a position "commit:prepare", e.g. 1234:56');
      }
    },
  )
  .action(async ({ from }: { from?: ReturnType<typeof positionFromString> }) => {
    await withOps(async (ops) => {
      const bar = progressBar('republish');
      const result = await ops
        .get(Republisher)
        .run(from ?? START, ({ read, position }) => bar.update(read, position));
      bar.stop();
      console.log(`read ${result.read} stored events, published ${result.published} to Kafka`);
    });
  });

program
  .command('republish-state')
  .description(
    'write the salable quantity of every stock and SKU into the compacted inventory.salable-state.v1',
  )
  .action(async () => {
    await withOps(async (ops) => {
      const bar = progressBar('republish-state');
      const result = await ops.get(SalableStateRepublisher).run((published) => bar.update(published, null));
      bar.stop();
      console.log(`published ${result.published} salable states to inventory.salable-state.v1`);
    });
  });

/** One line a person reads: what differs, by how much, and for which orders. */
function describeInconsistency(found: Inconsistency): string {
  switch (found.kind) {
    case 'held_differs':
      return `held_differs         order ${found.orderId} ${found.sku}: holds ${found.held}, fulfillment says ${found.expected} (to ship + in flight)`;
    case 'order_unknown_to_fulfillment':
      return `order_unknown_to_fulfillment order ${found.orderId}: holds ${found.held}, fulfillment: ${found.fulfillmentStatus}`;
    case 'order_unknown_here':
      return `order_unknown_here   order ${found.orderId}: reserved in fulfillment, no reservation here`;
    case 'reserved_sum_differs':
      return `reserved_sum_differs ${found.sku} stock ${found.stockId}: ${found.reserved} reserved, orders and holds hold ${found.heldByOrdersAndHolds} (${found.orders.join(', ') || 'no order'})`;
    case 'quantity_differs':
      return `quantity_differs     ${found.sku} at ${found.sourceCode}: here ${JSON.stringify(found.here)}, catalog ${JSON.stringify(found.catalog)}`;
  }
}

/** The audit's key: --api-key, INVENTORY_API_KEY, or the demo admin key `npm start` keeps. */
function apiKeyFrom(option: string | undefined): string {
  const key = option ?? process.env.INVENTORY_API_KEY;
  if (key) return key;
  const demo = '.local/demo-admin.key';
  if (existsSync(demo)) return readFileSync(demo, 'utf8').trim();
  throw new InvalidArgumentError('needs an admin or ops key: --api-key or INVENTORY_API_KEY');
}

program
  .command('audit')
  .description(
    "compare the reservation streams with fulfillment's order lines and the catalog's quantities; " +
      'with --fix, bring each differing order line to what fulfillment says',
  )
  .option('--fix', 'append the adjustments (once, however often the audit runs)')
  .option('--confirm-after <seconds>', 'pause between the two passes compared', Number, 3)
  .option('--catalog-url <url>', 'catalog-inventory', process.env.CATALOG_URL ?? 'http://127.0.0.1:3001')
  .option('--fulfillment-url <url>', 'fulfillment', process.env.FULFILLMENT_URL ?? 'http://127.0.0.1:3003')
  .option('--api-key <key>', 'an admin or ops key for those two services')
  .option('--json', 'print the result as JSON')
  .action(
    async (options: {
      fix?: boolean;
      confirmAfter: number;
      catalogUrl: string;
      fulfillmentUrl: string;
      apiKey?: string;
      json?: boolean;
    }) => {
      await withOps(async (ops) => {
        const result = await ops.get(InventoryAudit).run({
          fix: options.fix ?? false,
          confirmAfterMs: options.confirmAfter * 1000,
          catalogUrl: options.catalogUrl,
          fulfillmentUrl: options.fulfillmentUrl,
          apiKey: apiKeyFrom(options.apiKey),
          onProgress: options.json ? undefined : (what) => console.error(`[audit] ${what}`),
        });
        if (options.json) return console.log(JSON.stringify(result, null, 2));
        for (const found of result.inconsistencies) console.log(describeInconsistency(found));
        for (const { orderId, sku, units } of result.fixed)
          console.log(
            `fixed                order ${orderId} ${sku}: ${units > 0 ? `gave back ${units}` : `took ${-units} again`}`,
          );
        console.log(
          `${result.inconsistencies.length} inconsistencies${options.fix ? `, ${result.fixed.length} order lines adjusted` : ''}`,
        );
      });
    },
  );

program.parseAsync().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
