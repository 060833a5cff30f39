import { ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { CloseReason, LiveStreamLimits, LiveStreams } from './live-streams';

interface Change {
  readonly sku: string;
  readonly qty: number;
}

/**
 * A response whose client reads only when told to: every write waits until `read()` (a high water
 * mark of one byte, so the second write already reports a full socket, as a slow client's does).
 */
class SlowClient extends Writable {
  readonly received: string[] = [];
  private waiting: (() => void)[] = [];
  statusCode = 0;

  constructor(private reading = false) {
    super({ highWaterMark: 1 });
  }

  writeHead(status: number) {
    this.statusCode = status;
    return this;
  }

  flushHeaders() {
    // nothing to send ahead: the test reads what was written
  }

  override _write(chunk: Buffer, _encoding: string, done: () => void) {
    this.received.push(chunk.toString());
    if (this.reading) done();
    else this.waiting.push(done);
  }

  read() {
    this.reading = true;
    this.waiting.splice(0).forEach((done) => done());
  }

  /** The salable events received, as the changes they carry. */
  changes(): Change[] {
    return this.received
      .filter((text) => text.startsWith('event: salable'))
      .map((text) => JSON.parse(/data: (.*)/.exec(text)![1]));
  }
}

const LIMITS: LiveStreamLimits = {
  maxConnections: 3,
  maxPerKey: 2,
  maxPendingPerClient: 5,
  keyRecheckMs: 20,
  keepAliveMs: 60_000,
};

function streams(limits = LIMITS) {
  const ended: CloseReason[] = [];
  const live = new LiveStreams<Change>(
    limits,
    (change) => change.sku,
    (reason) => ended.push(reason),
  );
  const open = (client: SlowClient, keyId = 'k1', stillAllowed = async () => true) =>
    live.open(client as unknown as ServerResponse, { keyId, accepts: () => true, stillAllowed });
  return { live, open, ended };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('LiveStreams', () => {
  it('caps the streams per key and per instance, with a code', () => {
    const { live, open } = streams();
    expect(open(new SlowClient(true), 'k1')).toBeUndefined();
    expect(open(new SlowClient(true), 'k1')).toBeUndefined();
    expect(open(new SlowClient(true), 'k1')).toMatchObject({ status: 429, code: 'too_many_streams_for_key' });
    expect(open(new SlowClient(true), 'k2')).toBeUndefined();
    expect(open(new SlowClient(true), 'k3')).toMatchObject({ status: 503, code: 'too_many_streams' });
    expect(live.size).toBe(3);
    live.closeAll('shutdown');
  });

  it('frees a slot when the client leaves', () => {
    const { live, open } = streams();
    const client = new SlowClient(true);
    open(client, 'k1');
    open(new SlowClient(true), 'k1');
    client.emit('close');
    expect(live.size).toBe(1);
    expect(open(new SlowClient(true), 'k1')).toBeUndefined();
    live.closeAll('shutdown');
  });

  it('gives a slow client the latest value of each SKU, not a backlog', async () => {
    const { live, open } = streams();
    const slow = new SlowClient(false);
    open(slow);
    for (let qty = 1; qty <= 1_000; qty++) {
      live.publish({ sku: 'A', qty });
      live.publish({ sku: 'B', qty: -qty });
    }
    slow.read();
    await tick();
    // The first change went out before the socket filled; then only the latest of each SKU.
    expect(slow.changes()).toEqual([
      { sku: 'A', qty: 1 },
      { sku: 'A', qty: 1_000 },
      { sku: 'B', qty: -1_000 },
    ]);
    expect(live.size).toBe(1);
    live.closeAll('shutdown');
  });

  it('drops a client that does not read once more SKUs wait than its bound', () => {
    const { live, open, ended } = streams();
    const slow = new SlowClient(false);
    open(slow);
    for (let sku = 0; sku <= LIMITS.maxPendingPerClient + 1; sku++) live.publish({ sku: `S${sku}`, qty: 1 });
    expect(live.size).toBe(0);
    expect(slow.destroyed).toBe(true);
    expect(ended).toEqual(['overflow']);
  });

  it('ends the stream of a key that was revoked, saying why', async () => {
    const { live, open, ended } = streams();
    let allowed = true;
    const client = new SlowClient(true);
    open(client, 'k1', async () => allowed);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(live.size).toBe(1);
    allowed = false;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(live.size).toBe(0);
    expect(client.writableEnded).toBe(true);
    expect(client.received.at(-1)).toBe('event: close\ndata: {"reason":"key_revoked"}\n\n');
    expect(ended).toEqual(['key_revoked']);
  });

  it('keeps a stream whose key cannot be checked right now', async () => {
    const { live, open } = streams();
    open(new SlowClient(true), 'k1', () => Promise.reject(new Error('key store away')));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(live.size).toBe(1);
    live.closeAll('shutdown');
  });

  it('ends every stream at shutdown', () => {
    const { live, open } = streams();
    const clients = [new SlowClient(true), new SlowClient(true)];
    clients.forEach((client, index) => open(client, `k${index}`));
    live.closeAll('shutdown');
    expect(live.size).toBe(0);
    expect(clients.every((client) => client.writableEnded)).toBe(true);
  });
});
