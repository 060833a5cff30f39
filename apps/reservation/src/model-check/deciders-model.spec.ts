import fc from 'fast-check';
import { modelSequence } from '@inventory/testing';
import { DeciderWorld } from '../testing/decider-world';

/** MODEL_DECIDER_RUNS for a longer hunt; the seed fast-check prints on a failure repeats it. */
const RUNS = Number(process.env.MODEL_DECIDER_RUNS ?? 3_000);

/**
 * The model check of the pure deciders: the same command sequences as the end-to-end model check
 * (libs/testing's InventoryModel and model-commands), thousands of them, without I/O.
 */
describe('the reservation deciders against the reference model', () => {
  it(`agree with the model over ${RUNS} random sequences`, () => {
    fc.assert(
      fc.property(modelSequence(16), (sequence) => {
        const world = new DeciderWorld();
        world.setUp(sequence);
        for (const command of sequence.commands) world.run(command);
      }),
      { numRuns: RUNS },
    );
  });
});
