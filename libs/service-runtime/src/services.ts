import { ServiceDefaults } from './service-config';

/** The five services: ports and databases listed in docs/architecture.md, each overridable by environment. */
export const SERVICES = {
  'catalog-inventory': {
    name: 'catalog-inventory',
    port: 3001,
    portVariable: 'CATALOG_INVENTORY_PORT',
    database: 'inventory_catalog',
    databaseUrlVariable: 'CATALOG_INVENTORY_DATABASE_URL',
  },
  reservation: {
    name: 'reservation',
    port: 3002,
    portVariable: 'RESERVATION_PORT',
    database: 'inventory_reservation',
    databaseUrlVariable: 'RESERVATION_DATABASE_URL',
  },
  fulfillment: {
    name: 'fulfillment',
    port: 3003,
    portVariable: 'FULFILLMENT_PORT',
    database: 'inventory_fulfillment',
    databaseUrlVariable: 'FULFILLMENT_DATABASE_URL',
  },
  notification: {
    name: 'notification',
    port: 3004,
    portVariable: 'NOTIFICATION_PORT',
    database: 'inventory_notification',
    databaseUrlVariable: 'NOTIFICATION_DATABASE_URL',
  },
  replenishment: {
    name: 'replenishment',
    port: 3005,
    portVariable: 'REPLENISHMENT_PORT',
    database: 'inventory_replenishment',
    databaseUrlVariable: 'REPLENISHMENT_DATABASE_URL',
  },
} as const satisfies Record<string, ServiceDefaults>;

export type ServiceName = keyof typeof SERVICES;

export const SERVICE_NAMES = Object.keys(SERVICES) as ServiceName[];

/** Tests use their own databases, dropped and recreated at the start of every run. */
export const testDatabaseOf = (database: string) => `${database}_test`;
