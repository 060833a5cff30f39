import { RecentResult } from './recent-result';

describe('RecentResult', () => {
  it('shares one computation among the callers while it runs and for the period after', async () => {
    let clock = 0;
    let runs = 0;
    let finish!: (value: number) => void;
    const recent = new RecentResult<number>(1_000, () => clock);
    const compute = () => {
      runs++;
      return new Promise<number>((resolve) => (finish = resolve));
    };
    const burst = Array.from({ length: 50 }, () => recent.get(compute));
    clock = 5_000; // still running: still shared, however long it takes
    burst.push(recent.get(compute));
    finish(7);
    await expect(Promise.all(burst)).resolves.toEqual(Array(51).fill(7));
    expect(runs).toBe(1);
    clock = 5_999;
    await recent.get(compute);
    expect(runs).toBe(1);
    clock = 6_000;
    const next = recent.get(compute);
    finish(8);
    await expect(next).resolves.toBe(8);
    expect(runs).toBe(2);
  });

  it('shares a failure the same way', async () => {
    let runs = 0;
    const recent = new RecentResult<number>(1_000, () => 0);
    const compute = () => (runs++, Promise.reject(new Error('down')));
    await expect(recent.get(compute)).rejects.toThrow('down');
    await expect(recent.get(compute)).rejects.toThrow('down');
    expect(runs).toBe(1);
  });
});
