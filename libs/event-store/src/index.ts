export * from './event-store';
export * from './postgres/schema';
export * from './postgres/postgres-event-store';
export * from './eventstoredb/eventstoredb-event-store';
export * from './postgres/event-store-schema.migration';
export * from './nest/event-store-config';
export * from './nest/event-store.module';
export * from './postgres/event-store-append-fast-path.migration';
