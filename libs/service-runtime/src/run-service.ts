import { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestMicroservice } from '@nestjs/microservices';
import { KafkaEventServer, RethrowToConsumer } from '@inventory/messaging';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet, { HelmetOptions } from 'helmet';
import { Logger } from 'nestjs-pino';
import { API_KEY_SECURITY } from './access/access.decorators';
import { API_KEY_HEADER } from './access/api-key.guard';
import { refuseAnonymousBodies } from './access/refuse-anonymous-bodies';
import { httpMetrics } from './observability/http-metrics';
import { ErrorBodyFilter, createValidationPipe } from './http-errors';
import { SERVICE_CONFIG, ServiceConfig } from './service-config';

/** Ends a shutdown that hangs (a stuck broker connection) rather than leaving a zombie. */
const SHUTDOWN_DEADLINE_MS = 20_000;

/**
 * Helmet's headers (nosniff, frame-ancestors none, HSTS, no X-Powered-By, …). The content policy
 * is for the one HTML page served, the OpenAPI viewer at /docs: its scripts and styles come from
 * this origin, and it inlines some styles and images.
 */
const SECURITY_HEADERS: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      frameAncestors: ["'none'"],
      // The services speak plain HTTP on 127.0.0.1 unless a proxy terminates TLS in front.
      upgradeInsecureRequests: null,
    },
  },
};

/** Builds the HTTP app the same way for `main.ts` and for tests. */
export async function createServiceApp(appModule: Type<unknown>): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(appModule, { bufferLogs: true });
  const config = app.get<ServiceConfig>(SERVICE_CONFIG);
  app.use(helmet(SECURITY_HEADERS));
  app.use(httpMetrics(app));
  app.use(refuseAnonymousBodies);
  // Bulk routes take up to 10,000 items in one JSON body (about 1 MB); CSV imports are streamed.
  app.useBodyParser('json', { limit: config.JSON_BODY_LIMIT });
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorBodyFilter());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(config.SERVICE_NAME)
      .setDescription(
        `The ${config.SERVICE_NAME} service. Every route but /health needs an API key in the ` +
          '`x-api-key` header, with one of the roles the route names (`npm run keys -- create`).',
      )
      .addApiKey({ type: 'apiKey', in: 'header', name: API_KEY_HEADER }, API_KEY_SECURITY)
      .build(),
  );
  SwaggerModule.setup('docs', app, document);
  connectKafkaHandlers(app);
  return app;
}

/**
 * Kafka as the app's NestJS transport: the @EventPattern handlers of its controllers become its
 * consumer groups (KafkaEventServer), started by `app.startAllMicroservices()` once the app is up.
 * The listeners are registered when started, so that the filter handing handlers' errors back to
 * the consumer unchanged applies to them; the app's own init has run the lifecycle hooks already.
 */
function connectKafkaHandlers(app: INestApplication): void {
  const server = app.get(KafkaEventServer, { strict: false });
  const microservice = app.connectMicroservice(
    { strategy: server },
    { inheritAppConfig: false, deferInitialization: true },
  ) as NestMicroservice;
  microservice.useGlobalFilters(new RethrowToConsumer());
  microservice.setIsInitHookCalled(true);
}

/** Initialises the app, then starts its Kafka consumers (`runService` then listens for HTTP). */
export async function startServiceApp(app: INestApplication): Promise<void> {
  await app.init();
  await app.startAllMicroservices();
}

/** Starts a service: listens on HOST:PORT, stops cleanly on SIGTERM / SIGINT; exits 1 if it cannot start. */
export async function runService(appModule: Type<unknown>): Promise<void> {
  try {
    await listen(appModule);
  } catch (error) {
    console.error(`${appModule.name} failed to start:`, error);
    process.exit(1);
  }
}

async function listen(appModule: Type<unknown>): Promise<void> {
  const app = await createServiceApp(appModule);
  const config = app.get<ServiceConfig>(SERVICE_CONFIG);
  const logger = app.get(Logger);
  // Our own handler rather than enableShutdownHooks(): that one re-raises the signal after
  // closing, so a clean stop would exit 143 instead of 0.
  // Ctrl-C in `npm start` reaches a service twice (SIGINT from the terminal, SIGTERM from the
  // script): the first signal starts the shutdown, later ones are ignored.
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: stopping consumers, flushing the outbox, closing connections`);
    setTimeout(() => {
      logger.error(`Shutdown took longer than ${SHUTDOWN_DEADLINE_MS} ms; exiting`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    app.close().then(
      () => process.exit(0),
      (error) => {
        logger.error(`Shutdown failed: ${error}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  watchForStrayFailures(logger);
  await startServiceApp(app);
  await app.listen(config.PORT, config.HOST);
  logger.log(`${config.SERVICE_NAME} listening on http://${config.HOST}:${config.PORT} (docs at /docs)`);
}

/**
 * A promise that failed with nobody waiting for it is a bug, but it is one background task's
 * failure: the service logs it with its stack, for whoever has to find it, and goes on (Node's
 * default would end the process, and every request in flight with it, during a database outage).
 * An exception nobody caught leaves the process in a state nobody knows: logged, then exit 1.
 */
function watchForStrayFailures(logger: { error(message: string): void }): void {
  const describe = (reason: unknown) =>
    reason instanceof Error ? (reason.stack ?? reason.message) : String(reason);
  process.on('unhandledRejection', (reason) => {
    logger.error(
      `A promise failed with nobody waiting for it (a bug; the service goes on): ${describe(reason)}`,
    );
  });
  process.on('uncaughtException', (error, origin) => {
    // console.error writes at once (stderr is synchronous for pipes and files on Linux); the logger may not.
    console.error(`Uncaught ${origin}, exiting: ${describe(error)}`);
    process.exit(1);
  });
}
