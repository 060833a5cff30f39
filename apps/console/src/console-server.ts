import { existsSync } from 'node:fs';
import { Server } from 'node:http';
import path from 'node:path';
import express, { Express } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';

/** Where the console reaches each service: the browser calls /api/<service>/… on the console. */
export interface ConsoleConfig {
  readonly port: number;
  readonly host: string;
  readonly services: Readonly<
    Record<'catalog' | 'reservation' | 'fulfillment' | 'notification' | 'replenishment', string>
  >;
  /** The built web app (vite build). */
  readonly webDir: string;
}

export function consoleConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ConsoleConfig {
  const local = (variable: string, port: number) => `http://127.0.0.1:${env[variable] ?? port}`;
  return {
    port: Number(env.CONSOLE_PORT ?? 3000),
    host: env.HOST ?? '127.0.0.1',
    services: {
      catalog: env.CATALOG_URL ?? local('CATALOG_INVENTORY_PORT', 3001),
      reservation: env.RESERVATION_URL ?? local('RESERVATION_PORT', 3002),
      fulfillment: env.FULFILLMENT_URL ?? local('FULFILLMENT_PORT', 3003),
      notification: env.NOTIFICATION_URL ?? local('NOTIFICATION_PORT', 3004),
      replenishment: env.REPLENISHMENT_URL ?? local('REPLENISHMENT_PORT', 3005),
    },
    webDir: env.CONSOLE_WEB_DIR ?? path.resolve(__dirname, '../../../console-web'),
  };
}

/**
 * The merchant's console: the web app, and its one way to the services, their public routes under
 * /api/<service>/ (same origin, so the services need no CORS). The browser sends the merchant's
 * API key with each call; the console holds no key of its own.
 */
export function createConsoleApp(config: ConsoleConfig): Express {
  if (!existsSync(path.join(config.webDir, 'index.html'))) {
    throw new Error(
      `No console build in ${config.webDir}: run npm run build (vite build of apps/console/web)`,
    );
  }
  const app = express();
  app.disable('x-powered-by');
  for (const [service, target] of Object.entries(config.services)) {
    app.use(`/api/${service}`, createProxyMiddleware({ target, changeOrigin: true, xfwd: true }));
  }
  app.get('/health', (_request, response) => void response.json({ status: 'ok' }));
  app.use(express.static(config.webDir, { index: 'index.html', maxAge: '1h' }));
  // Client-side routes (/sources, /stocks/2): the app's page, which reads the path itself.
  app.get('/{*path}', (_request, response) => response.sendFile(path.join(config.webDir, 'index.html')));
  return app;
}

export function listen(app: Express, config: ConsoleConfig): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(config.port, config.host, () => resolve(server));
    server.once('error', reject);
  });
}
