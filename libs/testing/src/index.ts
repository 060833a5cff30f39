export * from './wait-for';
export * from './kafka-test-client';
export * from './service-process';
export * from './fresh-database';
