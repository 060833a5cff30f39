import { SERVICES, createServiceApp } from '@inventory/service-runtime';
import { InProcessApp, startInProcessApp } from '@inventory/testing';

/** The fulfillment app in-process on a fresh database, against the real broker. */
export function startFulfillmentApp(database: string): Promise<InProcessApp> {
  return startInProcessApp({
    databaseUrlVariable: SERVICES.fulfillment.databaseUrlVariable,
    database,
    create: async () => createServiceApp((await import('../app.module')).AppModule),
  });
}
