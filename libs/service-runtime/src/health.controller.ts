import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { KafkaHealthIndicator } from '@inventory/messaging';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly kafka: KafkaHealthIndicator,
  ) {}

  /** Readiness: 200 when the database answers, the broker answers and every consumer joined its group. */
  @Get()
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 2_000 }),
      () => this.kafka.check(),
    ]);
  }

  /** Liveness: the process serves HTTP. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }
}
