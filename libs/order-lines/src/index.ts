export * from './order-line';
export * from './kit-lines';
