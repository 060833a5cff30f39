import { Controller, Get } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { EventStoreHealthIndicator } from '@inventory/event-store';
import { KafkaHealthIndicator } from '@inventory/messaging';
import { PublicRoute } from './access/access.decorators';
import { AccessHealthIndicator } from './access/access.module';
import { PARKED_EVENTS, ParkedEvents } from './ops/parked-events';
import { optionalProvider } from './optional-provider';

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
    private readonly indicators: HealthIndicatorService,
  ) {}

  /** Present in services that keep an event store (reservation). */
  private eventStoreIndicator() {
    return optionalProvider<EventStoreHealthIndicator>(this.moduleRef, EventStoreHealthIndicator);
  }

  /** Present in services whose projections park events they cannot apply (reservation). */
  private parkedEvents() {
    return optionalProvider<ParkedEvents>(this.moduleRef, PARKED_EVENTS);
  }

  /**
   * Parked events do not make the service unready (the rest goes on, that is the point of parking
   * them), but readiness names them: how many, on which streams, the first error.
   */
  private async parkedCheck(parked: ParkedEvents) {
    const indicator = this.indicators.check('parkedEvents');
    try {
      const [events, count] = await Promise.all([parked.list(), parked.count()]);
      return indicator.up({
        count,
        streams: [...new Set(events.map((event) => event.streamId))].slice(0, 20),
        ...(events.length ? { firstError: events[0].error } : {}),
      });
    } catch (error) {
      return indicator.down({ reason: (error as Error).message });
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
    const parked = this.parkedEvents();
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 2_000 }),
      () => this.kafka.check(),
      () => this.access.check(),
      ...(eventStore ? [() => eventStore.check()] : []),
      ...(parked ? [() => this.parkedCheck(parked)] : []),
    ]);
  }

  /** Liveness: the process serves HTTP. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }
}
