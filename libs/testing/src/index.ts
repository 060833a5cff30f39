export * from './wait-for';
export * from './kafka-test-client';
export * from './fresh-database';
export * from './service-process';
export * from './smtp-sink';
export * from './in-process-app';
export * from './model/inventory-model';
export * from './model/model-commands';
