export * from './errors';
export * from './events';
export * from './search';
export * from './storefront';
