import { retentionDaysFromEnv } from './messaging-retention';

describe('retentionDaysFromEnv', () => {
  it('takes a whole number of days, or the fallback when unset', () => {
    expect(retentionDaysFromEnv('KEEP_DAYS', 400, {})).toBe(400);
    expect(retentionDaysFromEnv('KEEP_DAYS', 400, { KEEP_DAYS: '30' })).toBe(30);
  });

  it('refuses to start on a value that would empty the table or fail every round', () => {
    for (const value of ['', '0', '-3', '1.5', 'a year'])
      expect(() => retentionDaysFromEnv('KEEP_DAYS', 400, { KEEP_DAYS: value })).toThrow(
        `KEEP_DAYS must be a whole number of days, at least 1: "${value}"`,
      );
  });
});
