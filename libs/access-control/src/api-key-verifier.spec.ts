import { generateApiKey } from './api-key';
import { StoredApiKey } from './api-key-store';
import { ApiKeyVerifier } from './api-key-verifier';

function storeOf(...keys: StoredApiKey[]) {
  const reads: string[] = [];
  const byId = new Map(keys.map((key) => [key.id, key]));
  return { reads, byId, findForUse: async (id: string) => (reads.push(id), byId.get(id)) };
}

function stored(roles: StoredApiKey['roles'] = ['storefront']): { stored: StoredApiKey; key: string } {
  const { id, key, hash } = generateApiKey();
  return {
    key,
    stored: {
      id,
      name: `key ${id}`,
      roles,
      rateLimitPerSecond: null,
      salesChannels: null,
      createdAt: new Date(0),
      lastUsedAt: null,
      revokedAt: null,
      hash,
    },
  };
}

describe('ApiKeyVerifier', () => {
  let clock = 0;
  const now = () => clock;

  it('says who calls with a valid key', async () => {
    const { stored: alice, key } = stored(['order-system', 'ops']);
    const verifier = new ApiKeyVerifier(storeOf(alice).findForUse, { cacheMs: 1_000 }, now);
    await expect(verifier.verify(key)).resolves.toEqual({
      ok: true,
      caller: {
        keyId: alice.id,
        name: alice.name,
        roles: ['order-system', 'ops'],
        rateLimitPerSecond: null,
        salesChannels: null,
      },
    });
  });

  it('refuses a missing, malformed, unknown, wrong or revoked key', async () => {
    const { stored: alice, key } = stored();
    const { stored: revoked, key: revokedKey } = stored();
    const store = storeOf(alice, { ...revoked, revokedAt: new Date(1) });
    const verifier = new ApiKeyVerifier(store.findForUse, { cacheMs: 1_000 }, now);
    await expect(verifier.verify(undefined)).resolves.toMatchObject({ ok: false, code: 'api_key_missing' });
    await expect(verifier.verify('')).resolves.toMatchObject({ ok: false, code: 'api_key_missing' });
    const unknown = generateApiKey();
    const wrongSecret = `${key.slice(0, -1)}${key.endsWith('x') ? 'y' : 'x'}`;
    for (const bad of ['Bearer abc', unknown.key, wrongSecret, revokedKey]) {
      await expect(verifier.verify(bad)).resolves.toMatchObject({ ok: false, code: 'api_key_invalid' });
    }
    // A malformed key costs no read.
    expect(store.reads).toEqual([unknown.id, alice.id, revoked.id]);
  });

  it('reads a key once per cache period, so a revocation lands when the period ends', async () => {
    clock = 0;
    const { stored: alice, key } = stored();
    const store = storeOf(alice);
    const verifier = new ApiKeyVerifier(store.findForUse, { cacheMs: 1_000 }, now);
    await verifier.verify(key);
    store.byId.set(alice.id, { ...alice, revokedAt: new Date(500) });
    clock = 999;
    await expect(verifier.verify(key)).resolves.toMatchObject({ ok: true });
    clock = 1_000;
    await expect(verifier.verify(key)).resolves.toMatchObject({ ok: false, code: 'api_key_invalid' });
    expect(store.reads).toEqual([alice.id, alice.id]);
  });

  it('remembers an unknown id for a while (one read), then reads it again', async () => {
    clock = 0;
    const { stored: late, key } = stored();
    const store = storeOf();
    const verifier = new ApiKeyVerifier(store.findForUse, { cacheMs: 60_000, unknownCacheMs: 10_000 }, now);
    for (let attempt = 0; attempt < 5; attempt++) {
      await expect(verifier.verify(key)).resolves.toMatchObject({ ok: false, code: 'api_key_invalid' });
    }
    expect(store.reads).toEqual([late.id]);
    store.byId.set(late.id, late);
    clock = 10_000;
    await expect(verifier.verify(key)).resolves.toMatchObject({ ok: true });
    expect(store.reads).toEqual([late.id, late.id]);
  });

  it('keeps at most maxEntries ids, forgetting the oldest', async () => {
    clock = 0;
    const store = storeOf();
    const verifier = new ApiKeyVerifier(store.findForUse, { cacheMs: 60_000, maxEntries: 3 }, now);
    const keys = Array.from({ length: 4 }, () => generateApiKey());
    for (const { key } of keys) await verifier.verify(key);
    await verifier.verify(keys[3].key); // still remembered
    await verifier.verify(keys[0].key); // forgotten: read again
    expect(store.reads).toEqual([...keys.map((k) => k.id), keys[0].id]);
  });

  it('tells an address that keeps presenting unknown keys to wait, without reading them', async () => {
    clock = 0;
    const { stored: alice, key } = stored();
    const store = storeOf(alice);
    const verifier = new ApiKeyVerifier(store.findForUse, { cacheMs: 10_000, failuresPerMinute: 3 }, now);
    await verifier.verify(key, '10.0.0.1'); // a valid key, remembered
    for (let attempt = 0; attempt < 3; attempt++) {
      await expect(verifier.verify(generateApiKey().key, '10.0.0.1')).resolves.toMatchObject({
        code: 'api_key_invalid',
      });
    }
    const readsBefore = store.reads.length;
    clock = 20_000;
    await expect(verifier.verify(generateApiKey().key, '10.0.0.1')).resolves.toEqual({
      ok: false,
      code: 'auth_rate_limited',
      message: 'Too many requests with unknown API keys from this address; retry after 40 s',
      retryAfterSeconds: 40,
    });
    expect(store.reads.length).toBe(readsBefore);
    // A key found valid before is still read (its memory expired at 10 s), and other addresses
    // are not held up.
    await expect(verifier.verify(key, '10.0.0.1')).resolves.toMatchObject({ ok: true });
    expect(store.reads.length).toBe(readsBefore + 1);
    await expect(verifier.verify(generateApiKey().key, '10.0.0.2')).resolves.toMatchObject({
      code: 'api_key_invalid',
    });
    clock = 60_000;
    await expect(verifier.verify(generateApiKey().key, '10.0.0.1')).resolves.toMatchObject({
      code: 'api_key_invalid',
    });
  });
});
