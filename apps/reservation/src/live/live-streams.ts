import { ServerResponse } from 'node:http';

/** The bounds of the server-sent event streams of one instance (environment variables). */
export interface LiveStreamLimits {
  /** Open streams per instance (SSE_MAX_CONNECTIONS). */
  readonly maxConnections: number;
  /** Open streams per API key per instance (SSE_MAX_PER_KEY). */
  readonly maxPerKey: number;
  /** Keys (stock and SKU) waiting for a client that does not read; past it, it is dropped. */
  readonly maxPendingPerClient: number;
  /** How often a stream's key is checked again: a revoked key's streams end within this. */
  readonly keyRecheckMs: number;
  /** A comment this often keeps proxies from closing a quiet stream. */
  readonly keepAliveMs: number;
}

export function liveStreamLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): LiveStreamLimits {
  return {
    maxConnections: Number(env.SSE_MAX_CONNECTIONS ?? 1_000),
    maxPerKey: Number(env.SSE_MAX_PER_KEY ?? 20),
    maxPendingPerClient: Number(env.SSE_MAX_PENDING_PER_CLIENT ?? 10_000),
    keyRecheckMs: Number(env.SSE_KEY_RECHECK_MS ?? 10_000),
    keepAliveMs: Number(env.SSE_KEEP_ALIVE_MS ?? 15_000),
  };
}

export interface StreamRefusal {
  readonly status: 429 | 503;
  readonly code: 'too_many_streams_for_key' | 'too_many_streams';
  readonly message: string;
}

/** Why a stream was ended by the server (sent as a last `close` event when the client reads). */
export type CloseReason = 'key_revoked' | 'overflow' | 'shutdown';

export interface StreamOptions<T> {
  readonly keyId: string;
  readonly accepts: (change: T) => boolean;
  /** Whether the stream's key may still read it (checked every keyRecheckMs). */
  readonly stillAllowed: () => Promise<boolean>;
}

/**
 * One client's stream. Changes wait in a map keyed by what they describe (stock and SKU), so a
 * client that reads slowly gets the latest value of each key, never a backlog of stale ones; the
 * map is written out whenever the socket can take more, and a client whose map grows past its
 * bound is dropped (it reconnects and reads the current state).
 */
class LiveClient<T> {
  private readonly pending = new Map<string, T>();
  private waitingForDrain = false;
  private closed = false;
  private nextId = 1;
  private readonly timers: NodeJS.Timeout[];

  constructor(
    private readonly response: ServerResponse,
    readonly options: StreamOptions<T>,
    private readonly limits: LiveStreamLimits,
    private readonly keyOf: (change: T) => string,
    private readonly onClosed: (client: LiveClient<T>, reason?: CloseReason) => void,
  ) {
    response.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      // The socket goes with the stream, so a shutdown is not held up by idle keep-alive sockets.
      connection: 'close',
      'x-accel-buffering': 'no',
    });
    response.flushHeaders();
    response.on('close', () => this.finish());
    this.timers = [
      setInterval(() => this.writeRaw(': ping\n\n'), limits.keepAliveMs),
      setInterval(() => void this.recheck(), limits.keyRecheckMs),
    ];
  }

  offer(change: T): void {
    if (this.closed || !this.options.accepts(change)) return;
    const key = this.keyOf(change);
    this.pending.delete(key); // re-inserted last: the map stays in the order of the latest changes
    this.pending.set(key, change);
    if (this.pending.size > this.limits.maxPendingPerClient) return this.close('overflow');
    this.flush();
  }

  close(reason: CloseReason): void {
    if (this.closed) return;
    this.onClosed(this, reason);
    if (this.waitingForDrain) {
      // It does not read: a last event would only wait behind the others.
      this.response.destroy();
    } else {
      this.response.end(`event: close\ndata: ${JSON.stringify({ reason })}\n\n`);
    }
    this.finish();
  }

  private flush(): void {
    if (this.waitingForDrain || this.closed) return;
    for (const [key, change] of this.pending) {
      this.pending.delete(key);
      const event = `event: salable\nid: ${this.nextId++}\ndata: ${JSON.stringify(change)}\n\n`;
      if (!this.writeRaw(event)) {
        this.waitingForDrain = true;
        this.response.once('drain', () => {
          this.waitingForDrain = false;
          this.flush();
        });
        return;
      }
    }
  }

  private writeRaw(text: string): boolean {
    if (this.closed || this.response.writableEnded) return false;
    return this.response.write(text);
  }

  private async recheck(): Promise<void> {
    // A check that cannot be made (the key store is away) keeps the stream: the next one decides.
    const allowed = await this.options.stillAllowed().catch(() => true);
    if (!allowed) this.close('key_revoked');
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.timers.forEach(clearInterval);
    this.pending.clear();
    this.onClosed(this);
  }
}

/**
 * The server-sent event streams of one instance: at most maxConnections, maxPerKey per key, each
 * with a bounded buffer that keeps the latest change per key, each ended when its key is revoked,
 * all ended at shutdown.
 */
export class LiveStreams<T> {
  private readonly clients = new Set<LiveClient<T>>();
  private readonly perKey = new Map<string, number>();

  constructor(
    private readonly limits: LiveStreamLimits,
    private readonly keyOf: (change: T) => string,
    private readonly onEnded: (reason: CloseReason) => void = () => undefined,
  ) {}

  get size(): number {
    return this.clients.size;
  }

  /** Starts streaming to `response`, or says why not (nothing is written then). */
  open(response: ServerResponse, options: StreamOptions<T>): StreamRefusal | undefined {
    if (this.clients.size >= this.limits.maxConnections) {
      return {
        status: 503,
        code: 'too_many_streams',
        message: `This instance serves ${this.limits.maxConnections} streams already (SSE_MAX_CONNECTIONS); retry later or on another instance`,
      };
    }
    if ((this.perKey.get(options.keyId) ?? 0) >= this.limits.maxPerKey) {
      return {
        status: 429,
        code: 'too_many_streams_for_key',
        message: `This key has ${this.limits.maxPerKey} streams open on this instance already (SSE_MAX_PER_KEY)`,
      };
    }
    const client = new LiveClient(response, options, this.limits, this.keyOf, (closed, reason) =>
      this.forget(closed, reason),
    );
    this.clients.add(client);
    this.perKey.set(options.keyId, (this.perKey.get(options.keyId) ?? 0) + 1);
    return undefined;
  }

  publish(change: T): void {
    for (const client of this.clients) client.offer(change);
  }

  closeAll(reason: CloseReason): void {
    for (const client of [...this.clients]) client.close(reason);
  }

  private forget(client: LiveClient<T>, reason?: CloseReason): void {
    if (reason) this.onEnded(reason);
    if (!this.clients.delete(client)) return;
    const keyId = client.options.keyId;
    const left = (this.perKey.get(keyId) ?? 1) - 1;
    if (left > 0) this.perKey.set(keyId, left);
    else this.perKey.delete(keyId);
  }
}
