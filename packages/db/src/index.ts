export * from './connection';
export * from './migrate';
export * from './schema';
export * from './tenant-transaction';
export { sql } from 'kysely';
export type { Kysely, Transaction } from 'kysely';
