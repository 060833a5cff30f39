import { Controller, Get } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { EventStoreHealthIndicator } from '@inventory/event-store';
import { KafkaHealthIndicator } from '@inventory/messaging';
import { PublicRoute } from './access/access.decorators';
import { AccessHealthIndicator } from './access/access.module';

@ApiTags('health')
@PublicRoute()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly kafka: KafkaHealthIndicator,
    private readonly access: AccessHealthIndicator,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** Present in services that keep an event store (reservation); looked up app-wide. */
  private eventStoreIndicator(): EventStoreHealthIndicator | undefined {
    try {
      return this.moduleRef.get(EventStoreHealthIndicator, { strict: false });
    } catch {
      return undefined;
    }
  }

  /**
   * Readiness: 200 when the database answers, the broker answers, every consumer joined its
   * group, the API key store answers and (where there is one) the event store answers.
   */
  @Get()
  @HealthCheck()
  ready() {
    const eventStore = this.eventStoreIndicator();
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 2_000 }),
      () => this.kafka.check(),
      () => this.access.check(),
      ...(eventStore ? [() => eventStore.check()] : []),
    ]);
  }

  /** Liveness: the process serves HTTP. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }
}
