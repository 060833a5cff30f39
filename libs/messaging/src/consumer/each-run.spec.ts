import { eachRun } from './each-run';

describe('eachRun', () => {
  it('hands each run of accepted items over at once and the others alone, in their order', async () => {
    const calls: string[] = [];
    await eachRun(
      [1, 2, 'a', 3, 'b', 'c', 4],
      (item): item is number => typeof item === 'number',
      async (run) => void calls.push(`run ${run.join(',')}`),
      async (item) => void calls.push(`alone ${item}`),
    );
    expect(calls).toEqual(['run 1,2', 'alone a', 'run 3', 'alone b', 'alone c', 'run 4']);
  });

  it('calls nothing for nothing', async () => {
    const calls: unknown[] = [];
    await eachRun(
      [],
      (_item): _item is never => true,
      async (run) => void calls.push(run),
      async (item) => void calls.push(item),
    );
    expect(calls).toEqual([]);
  });
});
