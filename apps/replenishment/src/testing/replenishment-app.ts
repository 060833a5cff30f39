import { SERVICES, createServiceApp } from '@inventory/service-runtime';
import { InProcessApp, startInProcessApp } from '@inventory/testing';

/** The replenishment app in-process on a fresh database (its event store too), against the real broker. */
export function startReplenishmentApp(database: string): Promise<InProcessApp> {
  return startInProcessApp({
    databaseUrlVariable: SERVICES.replenishment.databaseUrlVariable,
    database,
    create: async () => createServiceApp((await import('../app.module')).AppModule),
  });
}
