import { DynamicModule, Module } from '@nestjs/common';
import { Registry } from 'prom-client';
import { LoopHealth } from './loop-health';
import { METRICS_REGISTRY, createServiceRegistry } from './metrics';

/** The service's metrics registry, for every module of the app to add its metrics to. */
@Module({})
export class ObservabilityModule {
  static forService(serviceName: string): DynamicModule {
    return {
      module: ObservabilityModule,
      global: true,
      providers: [
        { provide: METRICS_REGISTRY, useFactory: () => createServiceRegistry(serviceName) },
        {
          provide: LoopHealth,
          useFactory: (registry: Registry) => new LoopHealth(registry),
          inject: [METRICS_REGISTRY],
        },
      ],
      exports: [METRICS_REGISTRY, LoopHealth],
    };
  }
}
