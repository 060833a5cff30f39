import { Admin, Kafka } from 'kafkajs';

/**
 * An admin client made and connected when first needed, kept between uses (one per use cost a TCP
 * and SASL handshake each time), and dropped after a failure so the next use connects afresh.
 */
export class LazyKafkaAdmin {
  private connected?: Promise<Admin>;

  constructor(private readonly kafka: Pick<Kafka, 'admin'>) {}

  /** The connected client; a failed connect is forgotten, so the next call tries again. */
  get(): Promise<Admin> {
    if (!this.connected) {
      const admin = this.kafka.admin();
      const connecting: Promise<Admin> = admin.connect().then(
        () => admin,
        (error: unknown) => {
          if (this.connected === connecting) this.connected = undefined;
          throw error;
        },
      );
      this.connected = connecting;
    }
    return this.connected;
  }

  /** Disconnects the client (if any) and forgets it; never throws. */
  async drop(): Promise<void> {
    const connected = this.connected;
    this.connected = undefined;
    const admin = await connected?.catch(() => undefined);
    await admin?.disconnect().catch(() => undefined);
  }
}
