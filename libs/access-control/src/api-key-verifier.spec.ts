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
    const verifier = new ApiKeyVerifier(storeOf(alice).findForUse, 1_000, now);
    await expect(verifier.verify(key)).resolves.toEqual({
      ok: true,
      caller: { keyId: alice.id, name: alice.name, roles: ['order-system', 'ops'], rateLimitPerSecond: null },
    });
  });

  it('refuses a missing, malformed, unknown, wrong or revoked key', async () => {
    const { stored: alice, key } = stored();
    const { stored: revoked, key: revokedKey } = stored();
    const store = storeOf(alice, { ...revoked, revokedAt: new Date(1) });
    const verifier = new ApiKeyVerifier(store.findForUse, 1_000, now);
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
    const verifier = new ApiKeyVerifier(store.findForUse, 1_000, now);
    await verifier.verify(key);
    store.byId.set(alice.id, { ...alice, revokedAt: new Date(500) });
    clock = 999;
    await expect(verifier.verify(key)).resolves.toMatchObject({ ok: true });
    clock = 1_000;
    await expect(verifier.verify(key)).resolves.toMatchObject({ ok: false, code: 'api_key_invalid' });
    expect(store.reads).toEqual([alice.id, alice.id]);
  });

  it('does not remember ids that do not exist, so a key created since is accepted', async () => {
    const { stored: late, key } = stored();
    const store = storeOf();
    const verifier = new ApiKeyVerifier(store.findForUse, 60_000, now);
    await expect(verifier.verify(key)).resolves.toMatchObject({ ok: false });
    store.byId.set(late.id, late);
    await expect(verifier.verify(key)).resolves.toMatchObject({ ok: true });
  });
});
