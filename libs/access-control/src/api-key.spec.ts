import { apiKeyIdOf, apiKeyMatches, generateApiKey, hashApiKey } from './api-key';

describe('API keys', () => {
  it('makes keys of the form inv_<id>_<secret> whose id can be read back', () => {
    const { id, key, hash } = generateApiKey();
    expect(key).toMatch(/^inv_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(apiKeyIdOf(key)).toBe(id);
    expect(hash).toEqual(hashApiKey(key));
    expect(hash.toString('hex')).not.toContain(key.slice(17));
  });

  it('never makes the same key twice', () => {
    const keys = new Set(Array.from({ length: 1_000 }, () => generateApiKey().key));
    expect(keys.size).toBe(1_000);
  });

  it('reads no id from a malformed key', () => {
    const { key } = generateApiKey();
    for (const bad of [
      '',
      'inv_',
      key.slice(0, -1),
      `${key}x`,
      key.replace('inv_', 'sk_'),
      `x${key}`,
      key.toUpperCase(),
    ]) {
      expect(apiKeyIdOf(bad)).toBeUndefined();
    }
  });

  it('matches only the key whose hash is stored', () => {
    const { key, hash } = generateApiKey();
    expect(apiKeyMatches(key, hash)).toBe(true);
    const other = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
    expect(apiKeyMatches(other, hash)).toBe(false);
    expect(apiKeyMatches(key, hash.subarray(1))).toBe(false);
  });
});
