import { eventBatchSchema, type EventBatch } from '@sokoni/contracts';

/**
 * What the collector accepts is the storefront contract (@sokoni/contracts events.ts), so the
 * web's same-origin beacon route and the API refuse the same things. Unknown fields are
 * dropped; anything malformed refuses the whole batch (400).
 */
export const collectorBatchSchema = eventBatchSchema;
export type CollectorBatch = EventBatch;
