import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { API_KEY_PATTERN } from '@sokoni/contracts';
import type { RequestContext } from '../../platform/request-context';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** A key's parts as read from `Authorization: Bearer sk_live_<id>_<tenant hex><secret hex>`. */
export interface ParsedApiKey {
  id: string;
  tenantId: string;
}

/**
 * Mints a key for a store. The store's id is part of the key (not secret: it is in every owner
 * token too) so verification opens the store's own tenant transaction and RLS finds the row, with
 * no lookup across stores.
 */
export function mintApiKey(ctx: RequestContext): { id: string; key: string; hash: Buffer } {
  const bytes = randomBytes(12);
  const id = Array.from(bytes, (b) => BASE32[b % 32]).join('');
  const key = `sk_live_${id}_${ctx.tenantId.replace(/-/g, '').toLowerCase()}${randomBytes(32).toString('hex')}`;
  return { id, key, hash: hashApiKey(key) };
}

export function parseApiKey(key: string): ParsedApiKey | null {
  const match = API_KEY_PATTERN.exec(key);
  if (!match) return null;
  const hex = match[2]!;
  const tenantId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { id: match[1]!, tenantId };
}

export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

export function sameHash(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export const apiKeyPrefix = (id: string) => `sk_live_${id}`;

/** Bearer values that are API keys rather than owner JWTs. */
export const looksLikeApiKey = (token: string) => token.startsWith('sk_');
