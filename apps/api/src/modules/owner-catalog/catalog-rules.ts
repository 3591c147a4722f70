import { PRODUCT_LIMITS, type OwnerProduct, type OwnerProductUpdate } from '@sokoni/contracts';
import { ApiError } from '../../platform/api-error';

export type PgError = { code?: string; constraint?: string };

/** Database refusals that are the client's doing become 4xx with a message they can act on. */
export function translate(error: unknown): never {
  const { code, constraint } = error as PgError;
  if (code === '23505')
    throw new ApiError(
      409,
      'conflict',
      constraint?.includes('sku')
        ? 'That SKU is already used in this store'
        : 'That slug is already used in this store',
      { constraint },
    );
  if (code === '23514' && constraint === 'product_variants_on_hand_check')
    throw new ApiError(409, 'conflict', 'Not enough stock for that change: stock can never go below zero', {
      reason: 'insufficient_stock',
    });
  if (code === '23P01')
    throw new ApiError(409, 'conflict', 'A sale already runs for this variant in that period', {
      reason: 'overlapping_sale',
    });
  if (code === '23514') throw new ApiError(400, 'validation_failed', 'A value is out of range', { constraint });
  throw error;
}

/** The most variants one product has (the create endpoint's own limit). */
export const MAX_VARIANTS = PRODUCT_LIMITS.variantsMax;

export function skuTaken(sku: string, productSlug?: string, constraint?: string): ApiError {
  return new ApiError(
    409,
    'conflict',
    `SKU ${sku} is already used in this store${productSlug ? ` (product ${productSlug})` : ''}: give another SKU`,
    {
      field: 'sku',
      reason: 'sku_taken',
      ...(productSlug ? { product: productSlug } : {}),
      ...(constraint ? { constraint } : {}),
    },
  );
}

export function slugify(title: string): string {
  return (
    title
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^\w\s-]/g, '')
      .replace(/[\s_]+/g, '-')
      .replace(/-+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 100) || 'product'
  );
}

/** The audited fields are the ones the request touched. */
export function pick(product: OwnerProduct, input: OwnerProductUpdate): Record<string, unknown> {
  return Object.fromEntries(Object.keys(input).map((k) => [k, (product as unknown as Record<string, unknown>)[k]]));
}
