import { withinMs } from './within-ms';

describe('withinMs', () => {
  it('answers the fallback when the promise does not settle in time', async () => {
    await expect(withinMs(new Promise(() => undefined), 20, () => 'late')).resolves.toBe('late');
    await expect(withinMs(Promise.resolve('now'), 1_000, () => 'late')).resolves.toBe('now');
  });

  it('rejects with what the fallback throws, and lets a late rejection of the promise go', async () => {
    const late = new Promise((_, reject) => setTimeout(() => reject(new Error('too late')), 50));
    late.catch(() => undefined);
    await expect(
      withinMs(late, 10, () => {
        throw new Error('timed out after 10 ms');
      }),
    ).rejects.toThrow('timed out after 10 ms');
  });
});
