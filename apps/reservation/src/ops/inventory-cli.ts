import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { INestApplicationContext } from '@nestjs/common';
import { START, positionFromString } from '@inventory/event-store';
import { SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import { OpsModule } from './ops.module';
import { Republisher } from './republisher';
import { SalableQuantityReplay } from './salable-quantity-replay';

/**
 * `npm run inventory -- <command>`: ops on the reservation service's event store, with the
 * service's own configuration (RESERVATION_DATABASE_URL, KAFKA_BROKERS, EVENT_STORE, …).
 */
async function withOps<T>(work: (ops: INestApplicationContext) => Promise<T>): Promise<T> {
  const ops = await NestFactory.createApplicationContext(OpsModule, { logger: ['error', 'warn'] });
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

program.parseAsync().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
