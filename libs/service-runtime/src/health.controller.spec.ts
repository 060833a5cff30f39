import { Module, ServiceUnavailableException } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HealthIndicatorService, TerminusModule, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { KafkaHealthIndicator } from '@inventory/messaging';
import { LoopHealth } from '@inventory/observability';
import { Registry } from 'prom-client';
import { AccessHealthIndicator } from './access/access.module';
import { HealthController } from './health.controller';
import { SERVICE_CONFIG } from './service-config';

/** An indicator that counts its checks and answers what the test says. */
function fakeIndicator(key: string, answer: () => Promise<void> = async () => undefined) {
  const fake = {
    calls: 0,
    health: undefined as HealthIndicatorService | undefined,
    async check() {
      fake.calls++;
      await answer();
      return fake.health!.check(key).up();
    },
    pingCheck: () => fake.check(),
  };
  return fake;
}

async function controllerWith(kafkaAnswer?: () => Promise<void>) {
  const database = fakeIndicator('database');
  const kafka = fakeIndicator('kafka', kafkaAnswer);
  const access = fakeIndicator('apiKeys');
  @Module({
    imports: [TerminusModule],
    controllers: [HealthController],
    providers: [
      { provide: TypeOrmHealthIndicator, useValue: database },
      { provide: KafkaHealthIndicator, useValue: kafka },
      { provide: AccessHealthIndicator, useValue: access },
      { provide: LoopHealth, useValue: new LoopHealth(new Registry()) },
      {
        provide: SERVICE_CONFIG,
        useValue: {
          LOOP_UNREADY_AFTER_MS: 15_000,
          LOOP_DEAD_AFTER_MS: 180_000,
          HEALTH_CACHE_MS: 60_000,
          HEALTH_CHECK_TIMEOUT_MS: 100,
        },
      },
    ],
  })
  class HealthTestModule {}
  const module = await NestFactory.createApplicationContext(HealthTestModule, { logger: false });
  const health = module.get(HealthIndicatorService);
  for (const fake of [database, kafka, access]) fake.health = health;
  return { controller: module.get(HealthController), database, kafka, access };
}

describe('HealthController', () => {
  it('runs one round of checks for a burst of readiness probes', async () => {
    const { controller, database, kafka, access } = await controllerWith();
    const answers = await Promise.all(Array.from({ length: 40 }, () => controller.ready()));
    expect(answers.every((answer) => answer.status === 'ok')).toBe(true);
    expect([database.calls, kafka.calls, access.calls]).toEqual([1, 1, 1]);
  });

  it('answers 503 naming a check that does not answer in time, instead of hanging', async () => {
    const { controller } = await controllerWith(() => new Promise(() => undefined));
    const started = Date.now();
    const failure = await controller.ready().catch((error) => error);
    expect(failure).toBeInstanceOf(ServiceUnavailableException);
    expect(failure.getResponse()).toMatchObject({
      status: 'error',
      error: { kafka: { status: 'down', reason: 'no answer within 100 ms' } },
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
