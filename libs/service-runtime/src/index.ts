export * from './service-config';
export * from './http-errors';
export * from './health.controller';
export * from './service-runtime.module';
export * from './run-service';
export * from './services';
export * from './create-databases';
export * from './paging';
