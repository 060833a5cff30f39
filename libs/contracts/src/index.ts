// Decorated schemas read design-time types (class-transformer @Type), so load the metadata polyfill first.
import 'reflect-metadata';
export * from './topics';
export * from './envelope';
export * from './events/common';
export * from './events/orders';
export * from './events/fulfillment';
export * from './events/catalog';
export * from './events/settings';
export * from './events/reservations';
export * from './events/salable';
export * from './events/notifications';
export * from './registry';
export * from './parse-event';
export * from './create-event';
