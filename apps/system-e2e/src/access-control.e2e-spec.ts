import { ACCESS_DATABASE, ROLES, Role, generateApiKey } from '@inventory/access-control';
import {
  SERVICES,
  SERVICE_NAMES,
  ServiceName,
  databaseRoleOf,
  testDatabaseOf,
} from '@inventory/service-runtime';
import { Client } from 'pg';
import { KafkaTestClient, waitFor } from '@inventory/testing';
import { orderPlaced, stockAtDefaultSource } from './fixtures';
import { Json, bodyText, getJson, sendJson } from './http';
import { createKey, keysCli } from './keys';
import { Operation, labelOf, operationsOf, pathOf } from './openapi';
import { RunningSystem, databaseUrl } from './system';

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
 * Access control through the four running services: every route but the public ones
 * needs a key (401), with one of its roles (403); keys come from the `keys` CLI, which also revokes
 * them; a key's rate limit answers 429; responses carry security headers and no internals.
 */
describe('access control on every route', () => {
  const system = new RunningSystem(undefined, {
    API_KEY_CACHE_MS: '500',
    JSON_BODY_LIMIT: '64kb',
    AUTH_FAILURES_PER_MINUTE: '20',
    SSE_MAX_PER_KEY: '2',
    SSE_KEY_RECHECK_MS: '300',
  });
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
    // The roles (docs/access-control.md), spot-checked by name.
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

  it('streams salable changes to a key within its cap, and ends the stream once the key is revoked', async () => {
    const key = await createKey('e2e stream', ['storefront']);
    const sku = `E2E-LIVE-${Date.now()}`;
    const open = () =>
      fetch(`${system.url('reservation')}/salable-changes?skuPrefix=${sku}`, {
        headers: { 'x-api-key': key },
      });
    const first = await open();
    const second = await open();
    expect([first.status, second.status]).toEqual([200, 200]);
    const third = await open();
    expect(third.status).toBe(429);
    expect(await third.json()).toMatchObject({ code: 'too_many_streams_for_key' });
    await second.body!.cancel();

    const events = eventsOf(first);
    await stockAtDefaultSource(system.url('catalog-inventory'), sku, 7);
    expect(await events.next((event) => event.type === 'salable')).toMatchObject({
      data: { sku, stockId: 1, salableQty: 7 },
    });
    // The slot of the stream the client closed is free again.
    await waitFor(
      async () => ((await open().then((r) => (r.body?.cancel(), r.status))) === 200 ? true : undefined),
      {
        what: 'a stream slot to be free once its client left',
      },
    );

    await keysCli('revoke', key.split('_')[1]);
    expect(await events.next((event) => event.type === 'close')).toEqual({
      type: 'close',
      data: { reason: 'key_revoked' },
    });
  });

  it('keeps a key scoped to sales channels to those channels: checks, holds, orders, stock status, subscriptions', async () => {
    const sku = `E2E-SCOPE-${Date.now()}`;
    await stockAtDefaultSource(system.url('catalog-inventory'), sku, 5);
    const reservation = system.url('reservation');
    const fulfillment = system.url('fulfillment');
    const orderId = `e2e-scope-${Date.now()}`;
    const kafka = new KafkaTestClient();
    await kafka.publish(orderPlaced(orderId, sku, 1), orderId);
    await kafka.close();
    await waitFor(
      async () => ((await getJson(`${fulfillment}/orders/${orderId}`)).status === 200 ? true : undefined),
      {
        what: 'the order at fulfillment',
      },
    );
    const base = await createKey('e2e base only', ['order-system', 'storefront'], '--sales-channel', 'base');
    const outlet = await createKey(
      'e2e outlet only',
      ['order-system', 'storefront'],
      '--sales-channel',
      'outlet',
    );
    const line = { items: [{ sku, qty: 1 }] };

    // What names a channel: refused for another channel, naming the field.
    const check = await sendJson('POST', `${reservation}/sales-channels/base/is-salable`, line, outlet);
    expect(check).toMatchObject({
      status: 403,
      body: { code: 'sales_channel_forbidden', errors: [{ field: 'code' }] },
    });
    expect((await sendJson('POST', `${reservation}/sales-channels/base/is-salable`, line, base)).status).toBe(
      200,
    );
    expect(
      (await getJson(`${reservation}/sales-channels/base/skus/${sku}/stock-status`, outlet)).status,
    ).toBe(403);
    const hold = await sendJson('POST', `${reservation}/holds`, { salesChannel: 'base', ...line }, outlet);
    expect(hold).toMatchObject({ status: 403, body: { errors: [{ field: 'salesChannel' }] } });
    const subscription = await sendJson(
      'POST',
      `${system.url('notification')}/stock-alert-subscriptions`,
      { email: 'scope@example.com', sku, salesChannel: 'base' },
      outlet,
    );
    expect(subscription).toMatchObject({ status: 403, body: { code: 'sales_channel_forbidden' } });

    // What belongs to a channel: another channel's key is told it does not exist.
    const placed = await sendJson('POST', `${reservation}/holds`, { salesChannel: 'base', ...line }, base);
    expect(placed.status).toBe(201);
    const holdUrl = `${reservation}/holds/${placed.body.holdId}`;
    expect((await getJson(holdUrl, outlet)).body).toMatchObject({ code: 'hold_not_found' });
    expect((await sendJson('DELETE', holdUrl, undefined, outlet)).status).toBe(404);
    expect((await getJson(holdUrl, base)).body).toMatchObject({
      salesChannel: 'base',
      releasedBecause: null,
    });
    expect((await sendJson('DELETE', holdUrl, undefined, base)).body).toMatchObject({
      releasedBecause: 'released',
    });

    expect((await getJson(`${fulfillment}/orders/${orderId}`, outlet)).body).toMatchObject({
      code: 'order_not_found',
    });
    expect((await getJson(`${fulfillment}/orders/${orderId}`, base)).body).toMatchObject({ orderId });
    const listed = async (key: string) => (await getJson(`${fulfillment}/orders?limit=200`, key)).body;
    expect((await listed(outlet)).total).toBe(0);
    const ofBase = await listed(base);
    expect(ofBase.total).toBeGreaterThan(0);
    expect(new Set(ofBase.items.map((order: { salesChannel: string }) => order.salesChannel))).toEqual(
      new Set(['base']),
    );
    expect((await getJson(`${fulfillment}/orders?salesChannel=base`, outlet)).status).toBe(403);

    // An admin key acts for every channel; the CLI refuses to scope one.
    await expect(createKey('e2e scoped admin', ['admin'], '--sales-channel', 'base')).rejects.toThrow(
      /salesChannels: an admin key acts for every channel/,
    );
  });

  it('connects each service as a role that touches only its own database and only reads the keys', async () => {
    const connectAs = async (role: string, database: string) => {
      const client = new Client({
        host: process.env.PGHOST ?? '127.0.0.1',
        port: Number(process.env.PGPORT ?? 5432),
        user: role,
        database,
      });
      await client.connect();
      return client;
    };
    const admin = new Client({ connectionString: databaseUrl('catalog-inventory') });
    await admin.connect();
    try {
      for (const service of SERVICE_NAMES) {
        const { rows } = await admin.query<{ usename: string }>(
          `SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = $1 AND usename <> current_user`,
          [testDatabaseOf(SERVICES[service].database)],
        );
        expect({ service, users: rows.map((row) => row.usename) }).toEqual({
          service,
          users: [databaseRoleOf(service)],
        });
      }
    } finally {
      await admin.end();
    }
    const fulfillment = databaseRoleOf('fulfillment');
    await expect(
      connectAs(fulfillment, testDatabaseOf(SERVICES['catalog-inventory'].database)),
    ).rejects.toThrow(/permission denied for database/);
    const keys = await connectAs(fulfillment, testDatabaseOf(ACCESS_DATABASE));
    try {
      expect((await keys.query(`SELECT count(*)::int AS n FROM api_keys`)).rows[0].n).toBeGreaterThan(0);
      await expect(
        keys.query(
          `INSERT INTO api_keys (id, name, roles, key_hash) VALUES ('aaaaaaaaaaaa', 'minted', '{admin}', '')`,
        ),
      ).rejects.toThrow(/permission denied for table api_keys/);
      await expect(keys.query(`UPDATE api_keys SET roles = '{admin}'`)).rejects.toThrow(/permission denied/);
      await expect(keys.query(`UPDATE api_keys SET revoked_at = NULL`)).rejects.toThrow(/permission denied/);
    } finally {
      await keys.end();
    }
  });

  // Last: the address of the tests stays refused for unknown keys for the rest of the minute.
  it('tells an address that keeps inventing keys to wait, while keys found valid keep working', async () => {
    const read: Call = { service: 'notification', method: 'GET', path: '/notifications' };
    expect((await call(system, read, keyOf.admin)).status).toBe(200);
    const statuses: number[] = [];
    let refused: Awaited<ReturnType<typeof call>> | undefined;
    for (let attempt = 0; attempt < 40 && !refused; attempt++) {
      const answer = await call(system, read, generateApiKey().key);
      statuses.push(answer.status);
      if (answer.status === 429) refused = answer;
    }
    // 20 reads that found nothing per minute (the suite's earlier forged and revoked keys count too).
    expect(statuses.length).toBeGreaterThan(15);
    expect(statuses.length).toBeLessThanOrEqual(21);
    expect(statuses.slice(0, -1).every((status) => status === 401)).toBe(true);
    expect(refused?.body).toMatchObject({ code: 'auth_rate_limited' });
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 600)); // past API_KEY_CACHE_MS: read again
    expect((await call(system, read, keyOf.admin)).status).toBe(200);
    // Another instance's counters are its own: the reservation service still answers 401.
    expect(
      (
        await call(
          system,
          { ...read, service: 'reservation', path: '/stocks/1/skus/NONE/salable' },
          generateApiKey().key,
        )
      ).status,
    ).toBe(401);
  });
});

/** The server-sent events of a response, read as they come; `next` waits for one that matches. */
function eventsOf(response: Response) {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const parse = (block: string) => {
    const type = /^event: (.*)$/m.exec(block)?.[1];
    const data = /^data: (.*)$/m.exec(block)?.[1];
    return type && data ? { type, data: JSON.parse(data) as Json } : undefined;
  };
  return {
    async next(matches: (event: { type: string; data: Json }) => boolean, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const event = parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (event && matches(event)) return event;
        }
        const left = deadline - Date.now();
        const timeout = new Promise<never>((_, reject) =>
          setTimeout(
            () => reject(new Error(`no matching event within ${timeoutMs} ms`)),
            Math.max(0, left),
          ).unref(),
        );
        const { value, done } = await Promise.race([reader.read(), timeout]);
        if (done) throw new Error('the stream ended');
        buffer += value;
      }
    },
  };
}
