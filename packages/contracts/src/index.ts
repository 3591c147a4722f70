export * from './errors';
export * from './storefront';
