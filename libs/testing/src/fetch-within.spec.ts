import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { fetchWithin } from './fetch-within';
import { waitFor } from './wait-for';

describe('fetchWithin', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/stalls') {
        // Headers and half a body, then nothing: a frozen process after it began to answer.
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"items":[');
        return;
      }
      response.end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers the status and the whole body', async () => {
    await expect(fetchWithin(`${url}/fine`, {}, 2_000)).resolves.toEqual({
      status: 200,
      ok: true,
      text: '{"ok":true}',
    });
  });

  it('gives up on a body that stops coming, naming the request', async () => {
    const started = Date.now();
    await expect(fetchWithin(`${url}/stalls`, { method: 'GET' }, 300)).rejects.toThrow(
      `GET ${url}/stalls: no answer within 300 ms`,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('waitFor', () => {
  it('ends at its deadline when the probe never settles', async () => {
    await expect(
      waitFor(() => new Promise<boolean>(() => undefined), { timeoutMs: 200, what: 'a frozen probe' }),
    ).rejects.toThrow(
      'Timed out after 200 ms waiting for a frozen probe: Error: the probe for a frozen probe did not settle',
    );
  });
});
