export * from './event-store';
export * from './postgres/schema';
export * from './postgres/postgres-event-store';
export * from './eventstoredb/eventstoredb-event-store';
