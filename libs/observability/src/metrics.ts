import {
  Counter,
  CounterConfiguration,
  Gauge,
  GaugeConfiguration,
  Registry,
  collectDefaultMetrics,
} from 'prom-client';

/** The Prometheus registry of one service (Nest token), served at GET /metrics. */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/** A registry with the process metrics (CPU, memory, event loop lag, GC) and a `service` label. */
export function createServiceRegistry(serviceName: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service: serviceName });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/**
 * The registry's metric of that name, or a new one: an app built twice in one process (tests) or
 * two providers asking for one metric share it instead of failing on a duplicate name.
 */
export function counterIn<T extends string>(registry: Registry, config: CounterConfiguration<T>): Counter<T> {
  return (
    (registry.getSingleMetric(config.name) as Counter<T> | undefined) ??
    new Counter({ ...config, registers: [registry] })
  );
}

export function gaugeIn<T extends string>(registry: Registry, config: GaugeConfiguration<T>): Gauge<T> {
  return (
    (registry.getSingleMetric(config.name) as Gauge<T> | undefined) ??
    new Gauge({ ...config, registers: [registry] })
  );
}
