import { METRICS_REGISTRY } from '@inventory/observability';
import { NextFunction, Request, RequestHandler, Response } from 'express';
import { Histogram, Registry } from 'prom-client';
import { INestApplication } from '@nestjs/common';

/**
 * Express middleware timing every request by method, route template and status. Requests that
 * match no route count as `unmatched`, so random paths cannot grow the label set.
 */
export function httpMetrics(app: INestApplication): RequestHandler {
  const registry = app.get<Registry>(METRICS_REGISTRY);
  const histogram =
    (registry.getSingleMetric('http_request_duration_seconds') as
      Histogram<'method' | 'route' | 'status'> | undefined) ??
    new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests by method, route and status, and how long they took',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  return (request: Request, response: Response, next: NextFunction) => {
    const stop = histogram.startTimer();
    response.on('finish', () => {
      const route = request.route?.path ? `${request.baseUrl}${request.route.path}` : 'unmatched';
      stop({ method: request.method, route, status: String(response.statusCode) });
    });
    next();
  };
}
