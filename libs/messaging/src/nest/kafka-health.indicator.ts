import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { withinMs } from '@inventory/observability';
import { Kafka } from 'kafkajs';
import { LazyKafkaAdmin } from '../kafka/lazy-kafka-admin';
import { EventConsumers } from './event-consumers';
import { KAFKA } from './tokens';

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  withinMs(promise, ms, () => {
    throw new Error(`timed out after ${ms} ms`);
  });

/**
 * Ready when the broker answers and every consumer of this service has joined its group. One admin
 * connection is kept open between checks (opening one per check cost a TCP and SASL handshake per
 * probe); it is replaced after a failure.
 */
@Injectable()
export class KafkaHealthIndicator implements OnApplicationShutdown {
  private readonly admin: LazyKafkaAdmin;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly consumers: EventConsumers,
    private readonly health: HealthIndicatorService,
  ) {
    this.admin = new LazyKafkaAdmin(kafka);
  }

  async check(key = 'kafka') {
    const indicator = this.health.check(key);
    try {
      const admin = await withTimeout(this.admin.get(), 2_000);
      const cluster = await withTimeout(admin.describeCluster(), 2_000);
      const consumers = this.consumers.status();
      const details = { brokers: cluster.brokers.length, consumerGroups: consumers.groups };
      if (consumers.ready) return indicator.up(details);
      // Named: "consumer inventory-reservation: committing the start of its new partitions (…)".
      const reason = Object.entries(consumers.notReady)
        .map(([group, why]) => `consumer ${group}: ${why}`)
        .join('; ');
      return indicator.down({ ...details, reason });
    } catch (error) {
      void this.admin.drop(); // not awaited: a connect that hangs would hold the answer
      return indicator.down({ reason: (error as Error).message });
    }
  }

  onApplicationShutdown(): Promise<void> {
    return this.admin.drop();
  }
}
