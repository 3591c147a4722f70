export * from './connection';
export * from './delivery/defaults';
export * from './media';
export * from './migrate';
export * from './schema';
export * from './tenant-transaction';
export { sql } from 'kysely';
export type { Kysely, Transaction } from 'kysely';
export { hashPassword, verifyPassword } from './security/password';
