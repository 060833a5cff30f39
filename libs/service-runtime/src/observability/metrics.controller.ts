import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { METRICS_REGISTRY } from '@inventory/observability';
import { Registry } from 'prom-client';
import { Access } from '../access/access.decorators';

/** Prometheus scrapes this (with an ops key: `authorization: {credentials: <key>}` in its job). */
@ApiTags('metrics')
@Access('admin', 'ops')
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOkResponse({ description: 'Prometheus text format', schema: { type: 'string' } })
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
