import { randomInt } from 'node:crypto';
import fc from 'fast-check';
import { ConsumedBarrier } from './model/consumed-barrier';
import { EventIndex } from './model/event-index';
import { KafkaTestClient, ModelSequence, modelSequence } from '@inventory/testing';
import { ModelWorld } from './model/model-world';
import { RunningSystem } from './system';

/** MODEL_RUNS sequences (200 in `npm test`; more for a longer hunt), MODEL_SEED to repeat a run. */
const RUNS = Number(process.env.MODEL_RUNS ?? 200);
const SEED = Number(process.env.MODEL_SEED ?? randomInt(2 ** 31));
const MAX_COMMANDS = Number(process.env.MODEL_COMMANDS ?? 12);
/** Worlds driven at once: they share nothing but the services. */
const CONCURRENCY = Number(process.env.MODEL_CONCURRENCY ?? 8);

jest.setTimeout(Math.max(600_000, RUNS * 6_000));

/**
 * The model check: random sequences of what a shop's order system, merchant and ops do (orders and
 * re-sends, full and partial cancels, shipments from one or two sources, credit memos with and
 * without return, holds placed, released and expired, quantities and settings, a source disabled,
 * a shared source unlinked, a stock deleted with open orders, catalog events delivered again and
 * re-driven), each through the running services over Kafka and HTTP and through the reference
 * model (libs/testing's InventoryModel). After every command each salable quantity, order line and
 * source quantity must equal the model's; after every sequence each reserved order must have been
 * given back exactly what it no longer holds. The seed is printed: MODEL_SEED repeats a run.
 */
describe('model check: the services against the reference model', () => {
  // Eight worlds poll every salable quantity (a kit's too), order and source after each command: a
  // correctness check, not a client the rate limit is for.
  const system = new RunningSystem(undefined, { RATE_LIMIT_PER_SECOND: '1000000' });
  const kafka = new KafkaTestClient();
  const prefix = `mc${system.runId}-`;
  const events = new EventIndex(EventIndex.client(), prefix);
  const consumed = new ConsumedBarrier(EventIndex.client(), `-e2e-${system.runId}`);

  beforeAll(async () => {
    await system.start();
    await events.start();
  });

  afterAll(async () => {
    await events.stop();
    await consumed.close();
    await kafka.close();
    await system.stop();
  });

  it(`agrees with the model over ${RUNS} random sequences (seed ${SEED})`, async () => {
    console.log(
      `[model] ${RUNS} sequences of up to ${MAX_COMMANDS} commands, seed ${SEED} (MODEL_SEED=${SEED} repeats it)`,
    );
    const sequences = fc.sample(modelSequence(MAX_COMMANDS), { seed: SEED, numRuns: RUNS });
    const stockBase = 100_000 + randomInt(1_000_000_000);
    const failures: string[] = [];
    const started = Date.now();
    let next = 0;
    let commands = 0;

    const drive = async (index: number, sequence: ModelSequence) => {
      const world = new ModelWorld(system, kafka, events, consumed, prefix, index, stockBase);
      try {
        await world.setUp(sequence);
        for (const command of sequence.commands) {
          await world.run(command);
          commands++;
        }
        await world.checkCompensations();
        await world.tearDown();
      } catch (error) {
        failures.push(
          `sequence ${index} (seed ${SEED}): ${(error as Error).message}\n  commands so far:\n  ${world.log.join('\n  ')}\n  ` +
            `start: ${JSON.stringify(sequence.quantities)}`,
        );
      }
    };
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let index = next++; index < sequences.length && failures.length === 0; index = next++) {
          await drive(index, sequences[index]);
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `[model] ${next > RUNS ? RUNS : next} sequences, ${commands} commands in ${seconds.toFixed(0)} s; ${failures.length} failed`,
    );
    if (failures.length) throw new Error(failures[0]);
  });
});
