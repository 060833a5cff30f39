/** One database per service (each service owns its data); tests get their own `_test` set. */
export const SERVICE_DATABASES = {
  'catalog-inventory': 'inventory_catalog',
  reservation: 'inventory_reservation',
  fulfillment: 'inventory_fulfillment',
  notification: 'inventory_notification',
} as const;

export type ServiceName = keyof typeof SERVICE_DATABASES;

export const SERVICE_NAMES = Object.keys(SERVICE_DATABASES) as ServiceName[];

export const databaseFor = (service: ServiceName, forTests: boolean) =>
  forTests ? `${SERVICE_DATABASES[service]}_test` : SERVICE_DATABASES[service];
