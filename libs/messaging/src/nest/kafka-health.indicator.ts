import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Kafka } from 'kafkajs';
import { EventConsumers } from './event-consumers';
import { KAFKA } from './tokens';

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms)),
  ]);

/** Ready when the broker answers and every consumer of this service has joined its group. */
@Injectable()
export class KafkaHealthIndicator {
  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly consumers: EventConsumers,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(key = 'kafka') {
    const indicator = this.health.check(key);
    const admin = this.kafka.admin();
    try {
      await withTimeout(admin.connect(), 2_000);
      const cluster = await withTimeout(admin.describeCluster(), 2_000);
      const consumers = this.consumers.status();
      const details = { brokers: cluster.brokers.length, consumerGroups: consumers.groups };
      return consumers.ready
        ? indicator.up(details)
        : indicator.down({ ...details, reason: 'consumer not in its group yet' });
    } catch (error) {
      return indicator.down({ reason: (error as Error).message });
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}
