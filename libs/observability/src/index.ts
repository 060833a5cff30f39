export * from './event-context';
export * from './metrics';
export * from './observability.module';
export * from './loop-health';
export * from './within-ms';
export * from './connection-errors';
