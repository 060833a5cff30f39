import { Registry } from 'prom-client';
import { LoopHealth } from './loop-health';

describe('LoopHealth', () => {
  let now = 0;
  const health = () => new LoopHealth(new Registry(), () => now);

  it('counts a loop failing from its first failure until it works again', () => {
    const loops = health();
    now = 1_000;
    loops.ok('relay');
    loops.failed('projection', new Error('database away'));
    now = 5_000;
    loops.failed('projection', new Error('still away'));
    expect(loops.failingLongerThan(3_000)).toEqual([
      {
        name: 'projection',
        state: 'failing',
        failingSince: new Date(1_000).toISOString(),
        failingForMs: 4_000,
        lastError: 'still away',
        lastOkAt: null,
      },
    ]);
    expect(loops.failingLongerThan(5_000)).toEqual([]);
    loops.ok('projection');
    expect(loops.failingLongerThan(0)).toEqual([]);
    loops.stopped('relay');
    expect(loops.reports().map((report) => report.name)).toEqual(['projection']);
  });

  it('shows how long each loop has failed as a metric', async () => {
    const registry = new Registry();
    const loops = new LoopHealth(registry, () => now);
    now = 0;
    loops.failed('mailer', 'smtp down');
    now = 2_500;
    expect(await registry.metrics()).toContain('background_loop_failing_seconds{loop="mailer"} 2.5');
  });
});
