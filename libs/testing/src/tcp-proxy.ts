import net from 'node:net';

/**
 * A TCP proxy on loopback that a test can cut and restore: `cut()` closes every connection through
 * it and refuses new ones (a network partition between the clients that use it and the target),
 * `restore()` accepts again. Used with the test broker's proxied listener (infra/kafka/kafka.sh),
 * which tells clients to reach it through the proxy, so a cut isolates those clients alone.
 */
export class TcpProxy {
  private server?: net.Server;
  private readonly open = new Set<net.Socket>();

  constructor(
    readonly listenPort: number,
    readonly targetPort: number,
    readonly host = '127.0.0.1',
  ) {}

  /** Connections currently through the proxy (client side). */
  get connections(): number {
    return this.open.size;
  }

  async restore(): Promise<void> {
    if (this.server) return;
    const server = net.createServer((client) => {
      const target = net.connect(this.targetPort, this.host);
      for (const socket of [client, target]) {
        this.open.add(socket);
        socket.on('close', () => this.open.delete(socket));
        // A reset on either side ends both: what a cut network looks like to each end.
        socket.on('error', () => undefined);
      }
      client.pipe(target).on('error', () => undefined);
      target.pipe(client).on('error', () => undefined);
      client.on('close', () => target.destroy());
      target.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.listenPort, this.host, () => resolve());
    });
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.open) socket.destroy();
    this.open.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
