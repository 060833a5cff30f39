import { Controller, Get, Inject } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorResult,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { EventStoreHealthIndicator } from '@inventory/event-store';
import { LoopHealth, withinMs } from '@inventory/observability';
import { KafkaHealthIndicator } from '@inventory/messaging';
import { PublicRoute } from './access/access.decorators';
import { RecentResult } from './health/recent-result';
import { AccessHealthIndicator } from './access/access.module';
import { PARKED_EVENTS, ParkedEvents } from './ops/parked-events';
import { optionalProvider } from './optional-provider';
import { SERVICE_CONFIG, ServiceConfig } from './service-config';

@ApiTags('health')
@PublicRoute()
@Controller('health')
export class HealthController {
  private readonly recentReadiness: RecentResult<HealthCheckResult>;

  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly kafka: KafkaHealthIndicator,
    private readonly access: AccessHealthIndicator,
    private readonly moduleRef: ModuleRef,
    private readonly indicators: HealthIndicatorService,
    private readonly loops: LoopHealth,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {
    this.recentReadiness = new RecentResult(config.HEALTH_CACHE_MS);
  }

  /** The check, or `down` naming it when it does not answer within HEALTH_CHECK_TIMEOUT_MS. */
  private bounded(key: string, check: () => Promise<HealthIndicatorResult>) {
    const ms = this.config.HEALTH_CHECK_TIMEOUT_MS;
    return () =>
      withinMs(check(), ms, () => this.indicators.check(key).down({ reason: `no answer within ${ms} ms` }));
  }

  /** Down while a background loop has been failing longer than `ms`, naming it and its error. */
  private loopsCheck(ms: number) {
    const indicator = this.indicators.check('loops');
    const stuck = this.loops.failingLongerThan(ms);
    if (!stuck.length) return indicator.up({ loops: this.loops.reports().length });
    return indicator.down({
      reason: stuck
        .map(
          (loop) => `${loop.name} failing for ${Math.round(loop.failingForMs / 1000)} s: ${loop.lastError}`,
        )
        .join('; '),
      stuck,
    });
  }

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
   * group, the API key store answers, (where there is one) the event store answers, and no
   * background loop has been failing longer than LOOP_UNREADY_AFTER_MS. Each check has
   * HEALTH_CHECK_TIMEOUT_MS to answer, and one answer serves every probe for HEALTH_CACHE_MS: the
   * route is public, so a flood of probes costs one round of checks per period.
   */
  @Get()
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.recentReadiness.get(() => this.checkReadiness());
  }

  private checkReadiness() {
    const eventStore = this.eventStoreIndicator();
    const parked = this.parkedEvents();
    return this.health.check([
      this.bounded('database', () => this.database.pingCheck('database', { timeout: 2_000 })),
      this.bounded('kafka', () => this.kafka.check()),
      this.bounded('apiKeys', () => this.access.check()),
      ...(eventStore ? [this.bounded('eventStore', () => eventStore.check())] : []),
      ...(parked ? [this.bounded('parkedEvents', () => this.parkedCheck(parked))] : []),
      async () => this.loopsCheck(this.config.LOOP_UNREADY_AFTER_MS),
    ]);
  }

  /**
   * Liveness: the process serves HTTP and no background loop has been failing for minutes (past
   * that, restarting the process is the cure an orchestrator can give).
   */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([() => this.loopsCheck(this.config.LOOP_DEAD_AFTER_MS)]);
  }
}
