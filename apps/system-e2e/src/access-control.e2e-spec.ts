import { ROLES, Role } from '@inventory/access-control';
import { ServiceName } from '@inventory/service-runtime';
import { waitFor } from '@inventory/testing';
import { Json, bodyText } from './http';
import { createKey, keysCli } from './keys';
import { Operation, labelOf, operationsOf, pathOf } from './openapi';
import { RunningSystem } from './system';

/** A route to call: an operation with its path filled in, or a path written out. */
interface Call {
  readonly service: ServiceName;
  readonly method: string;
  readonly path: string;
}

// Path parameters get a value no route knows: the check must come before the lookup.
const probe = (operation: Operation): Call & Operation => ({
  ...operation,
  path: pathOf(operation, () => 'probe-1'),
});

jest.setTimeout(180_000);

async function call(system: RunningSystem, operation: Call, apiKey?: string) {
  const response = await fetch(`${system.url(operation.service)}${operation.path}`, {
    method: operation.method,
    headers: {
      'content-type': 'application/json',
      ...(apiKey === undefined ? {} : { 'x-api-key': apiKey }),
    },
    body: ['POST', 'PUT', 'DELETE'].includes(operation.method) ? '{}' : undefined,
  });
  const isJson = response.headers.get('content-type')?.includes('json');
  const body: Json = isJson ? await response.json() : { text: await bodyText(response) };
  return { status: response.status, headers: response.headers, body };
}

const label = labelOf;

/**
 * Issue 10's access control through the four running services: every route but the public ones
 * needs a key (401), with one of its roles (403); keys come from the `keys` CLI, which also revokes
 * them; a key's rate limit answers 429; responses carry security headers and no internals.
 */
describe('access control on every route', () => {
  const system = new RunningSystem(undefined, { API_KEY_CACHE_MS: '500', JSON_BODY_LIMIT: '64kb' });
  const keyOf = {} as Record<Role, string>;
  let operations: (Call & Operation)[];

  beforeAll(async () => {
    await system.start();
    for (const role of ROLES) keyOf[role] = await createKey(`e2e ${role}`, [role]);
    operations = (await operationsOf((service) => system.url(service))).map(probe);
  });

  afterAll(() => system.stop());

  it('documents who may call each route, and leaves only health and signed links open', () => {
    expect(operations.length).toBeGreaterThan(40);
    const undocumented = operations.filter((o) => !o.isPublic && !o.roles?.length).map(label);
    expect(undocumented).toEqual([]);
    const open = operations.filter((o) => o.isPublic).map((o) => `${o.method} ${o.path}`);
    expect([...new Set(open)].sort()).toEqual([
      'GET /health',
      'GET /health/live',
      'GET /stock-alert-subscriptions/probe-1/unsubscribe',
    ]);
  });

  it('answers 401 without a key or with an unknown one, on every route but the open ones', async () => {
    const refusals: string[] = [];
    const forged = `inv_0123456789ab_${'A'.repeat(43)}`;
    for (const operation of operations.filter((o) => !o.isPublic)) {
      const missing = await call(system, operation);
      const unknown = await call(system, operation, forged);
      if (missing.status !== 401 || missing.body.code !== 'api_key_missing')
        refusals.push(`${label(operation)} without a key: ${missing.status}`);
      if (unknown.status !== 401 || unknown.body.code !== 'api_key_invalid')
        refusals.push(`${label(operation)} with a forged key: ${unknown.status}`);
    }
    expect(refusals).toEqual([]);
    const health = await call(system, { service: 'reservation', method: 'GET', path: '/health' });
    expect(health.status).toBe(200);
  });

  it('answers 403 to a key without the route’s role, and lets a key with it through', async () => {
    const wrong: string[] = [];
    for (const operation of operations.filter((o) => !o.isPublic)) {
      for (const role of ROLES) {
        const { status, body } = await call(system, operation, keyOf[role]);
        const admitted = operation.roles!.includes(role);
        if (admitted && [401, 403].includes(status))
          wrong.push(`${label(operation)} refused ${role}: ${status}`);
        if (!admitted && (status !== 403 || body.code !== 'forbidden_role')) {
          wrong.push(`${label(operation)} let ${role} through: ${status}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    // The roles of issue 10, spot-checked by name.
    const roles = (method: string, path: string) =>
      operations.find((o) => o.method === method && o.path === path)?.roles;
    expect(roles('PUT', '/sources/probe-1')).toEqual(['admin']);
    expect(roles('POST', '/shipments')).toEqual(['admin']);
    expect(roles('POST', '/holds')).toEqual(['admin', 'order-system']);
    expect(roles('POST', '/sales-channels/probe-1/is-salable')).toEqual(['admin', 'order-system']);
    expect(roles('GET', '/sales-channels/probe-1/skus/probe-1/stock-status')).toContain('storefront');
    expect(roles('POST', '/stock-alert-subscriptions')).toEqual(['admin', 'storefront']);
    expect(roles('GET', '/stocks/probe-1/skus/probe-1/events')).toEqual(['admin', 'ops']);
  });

  it('refuses a key the CLI revoked, on every service, within the cache period', async () => {
    const key = await createKey('e2e soon revoked', ['admin']);
    const id = key.split('_')[1];
    const reads: Call[] = [
      { service: 'catalog-inventory', method: 'GET', path: '/settings' },
      { service: 'reservation', method: 'GET', path: '/stocks/1/skus/NONE/salable' },
      { service: 'fulfillment', method: 'GET', path: '/source-selection/algorithms' },
      { service: 'notification', method: 'GET', path: '/notifications' },
    ];
    const statuses = async () =>
      Promise.all(reads.map(async (read) => (await call(system, read, key)).status));
    expect(await statuses()).toEqual([200, 200, 200, 200]);

    expect(await keysCli('revoke', id)).toMatch(new RegExp(`^Revoked key ${id} "e2e soon revoked" at `));
    await waitFor(async () => ((await statuses()).every((status) => status === 401) ? true : undefined), {
      what: 'the revoked key to be refused by all four services',
      timeoutMs: 5_000,
    });
    const listed = await keysCli('list');
    expect(listed).toContain(id);
    expect(listed).not.toContain(key.split('_').slice(2).join('_')); // never the secret
  });

  it('limits each key to its rate, leaving other keys alone', async () => {
    const limited = await createKey('e2e limited', ['admin'], '--rate-limit', '3');
    const settings: Call = { service: 'catalog-inventory', method: 'GET', path: '/settings' };
    const statuses: number[] = [];
    let refused: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < 6 && !refused; i++) {
      const response = await call(system, settings, limited);
      statuses.push(response.status);
      if (response.status === 429) refused = response;
    }
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(refused).toBeDefined();
    expect(refused!.body).toMatchObject({ statusCode: 429, code: 'rate_limited' });
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await call(system, settings, keyOf.admin)).status).toBe(200);
    // The window is one second: the key is served again after it.
    await waitFor(async () => ((await call(system, settings, limited)).status === 200 ? true : undefined), {
      what: 'the limited key to be served again',
      timeoutMs: 5_000,
    });
  });

  it('sends security headers and never internals', async () => {
    const response = await fetch(`${system.url('catalog-inventory')}/source-items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': keyOf.admin },
      body: '{"items": [',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-powered-by')).toBeNull();
    const body = await response.text();
    expect(JSON.parse(body)).toMatchObject({ statusCode: 400, code: 'bad_request' });
    expect(body).not.toMatch(/ at |node_modules|\.js:\d+/);

    const hugeBody = JSON.stringify({ items: [{ sku: 'X'.repeat(70_000) }] });
    const huge = await fetch(`${system.url('catalog-inventory')}/source-items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': keyOf.admin },
      body: hugeBody,
    });
    expect(huge.status).toBe(413);
    // Without a key the body is refused before it is read: 401, not 413.
    const anonymous = await fetch(`${system.url('catalog-inventory')}/source-items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: hugeBody,
    });
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as Json).code).toBe('api_key_missing');
    expect(await huge.json()).toEqual({
      statusCode: 413,
      code: 'payload_too_large',
      message: 'request entity too large',
    });
  });
});
