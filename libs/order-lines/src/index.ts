export * from './order-line';
