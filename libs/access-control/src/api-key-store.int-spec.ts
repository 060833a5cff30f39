import { freshDatabase } from '@inventory/testing';
import { Client } from 'pg';
import { ApiKeyRequestError, ApiKeyStore } from './api-key-store';
import { ApiKeyVerifier, mayActFor } from './api-key-verifier';

/** The key store against a real PostgreSQL database of its own. */
describe('ApiKeyStore (real PostgreSQL)', () => {
  let url: string;
  let store: ApiKeyStore;

  beforeAll(async () => {
    url = await freshDatabase('inventory_access_it');
    store = new ApiKeyStore(url);
    // Services and the CLI may create the table at the same moment.
    await Promise.all([store.ensureSchema(), new ApiKeyStore(url).ensureSchema(), store.ensureSchema()]);
  });

  afterAll(() => store.close());

  it('keeps only a hash: no column holds the key or its secret', async () => {
    const { record, key } = await store.create({ name: 'Shop checkout', roles: ['order-system', 'ops'] });
    expect(record).toMatchObject({ name: 'Shop checkout', roles: ['order-system', 'ops'], revokedAt: null });
    const client = new Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query(`SELECT row_to_json(k)::text AS row FROM api_keys k WHERE id = $1`, [
      record.id,
    ]);
    await client.end();
    expect(rows).toHaveLength(1);
    expect(rows[0].row).not.toContain(key.split('_').slice(2).join('_'));
    expect(rows[0].row).not.toContain(key);
  });

  it('lists keys, notes their use, and revokes them once', async () => {
    const { record, key } = await store.create({
      name: 'Storefront EU',
      roles: ['storefront'],
      rateLimitPerSecond: 50,
    });
    const verifier = new ApiKeyVerifier((id) => store.findForUse(id), { cacheMs: 0, unknownCacheMs: 0 });
    await expect(verifier.verify(key)).resolves.toMatchObject({
      ok: true,
      caller: { rateLimitPerSecond: 50 },
    });
    const listed = (await store.list()).find((k) => k.id === record.id)!;
    expect(listed.lastUsedAt).toBeInstanceOf(Date);

    const revoked = await store.revoke(record.id);
    expect(revoked?.revokedAt).toBeInstanceOf(Date);
    const again = await store.revoke(record.id);
    expect(again?.revokedAt).toEqual(revoked?.revokedAt);
    await expect(verifier.verify(key)).resolves.toMatchObject({ ok: false, code: 'api_key_invalid' });
    await expect(store.revoke('000000000000')).resolves.toBeUndefined();
  });

  it('refuses a bad request naming the field, storing nothing', async () => {
    const before = (await store.list()).length;
    await expect(store.create({ name: ' ', roles: ['admin'] })).rejects.toThrow(/^name: /);
    await expect(store.create({ name: 'x', roles: [] })).rejects.toThrow(/^roles: at least one of admin/);
    await expect(store.create({ name: 'x', roles: ['admin', 'root'] })).rejects.toThrow(
      new ApiKeyRequestError('roles: root is not one of admin, order-system, storefront, ops'),
    );
    await expect(store.create({ name: 'x', roles: ['ops'], rateLimitPerSecond: 0.5 })).rejects.toThrow(
      /^rateLimitPerSecond: /,
    );
    await expect(store.create({ name: 'x', roles: ['admin'], salesChannels: ['base'] })).rejects.toThrow(
      /^salesChannels: an admin key acts for every channel/,
    );
    await expect(
      store.create({ name: 'x', roles: ['order-system'], salesChannels: ['base', 'no spaces'] }),
    ).rejects.toThrow(/^salesChannels: "no spaces" must /);
    expect(await store.list()).toHaveLength(before);
  });

  it('scopes a key to sales channels (none: every channel), and the caller carries the scope', async () => {
    const scoped = await store.create({
      name: 'Outlet checkout',
      roles: ['order-system'],
      salesChannels: ['outlet', 'base', 'outlet'],
    });
    expect(scoped.record.salesChannels).toEqual(['outlet', 'base']);
    const open = await store.create({ name: 'Every channel', roles: ['order-system'] });
    expect(open.record.salesChannels).toBeNull();
    const verifier = new ApiKeyVerifier((id) => store.findForUse(id), { cacheMs: 0, unknownCacheMs: 0 });
    const caller = async (key: string) => {
      const verification = await verifier.verify(key);
      if (!verification.ok) throw new Error(verification.message);
      return verification.caller;
    };
    expect(mayActFor(await caller(scoped.key), 'base')).toBe(true);
    expect(mayActFor(await caller(scoped.key), 'wholesale')).toBe(false);
    expect(mayActFor(await caller(open.key), 'wholesale')).toBe(true);
  });

  it('adds the scope column to a key table made before it, keeping the keys', async () => {
    const { key } = await store.create({ name: 'Older key', roles: ['storefront'] });
    const client = new Client({ connectionString: url });
    await client.connect();
    await client.query('ALTER TABLE api_keys DROP COLUMN sales_channels');
    await client.end();
    await store.ensureSchema();
    const verification = await new ApiKeyVerifier((id) => store.findForUse(id), { cacheMs: 0 }).verify(key);
    expect(verification).toMatchObject({ ok: true, caller: { salesChannels: null } });
  });
});
