import { createHash, timingSafeEqual } from 'node:crypto';
import { revalidateTag } from 'next/cache';
import type { NextRequest } from 'next/server';
import { revalidateSecret } from '@/lib/config';

/**
 * POST /api/revalidate: the API's worker calls this after a catalogue change (seo job
 * `storefront.revalidate`, header `x-revalidate-secret`), so an owner's price edit shows on the
 * storefront within seconds instead of after the 30 s data-cache lifetime.
 *
 * Body: `{ "tags": ["store:<slug>", "product:<slug>:<product>"] }`, or the shorthand
 * `{ "store": "<slug>", "product": "<product>"? }`. `store:<slug>` drops everything cached for
 * that store; `product:<slug>:<product>` one product's data. The tags expire at once, so the
 * next request refetches (not stale-while-revalidate).
 * Disabled (404) unless REVALIDATE_SECRET is set; the secret is compared in constant time.
 */
export const dynamic = 'force-dynamic';

const SLUG = '[a-z0-9](?:[a-z0-9-]{0,118}[a-z0-9])?';
const TAG_RE = new RegExp(`^(?:store:${SLUG}|product:${SLUG}:${SLUG}|areas)$`);
const MAX_TAGS = 200;

function error(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}

function sameSecret(given: string, expected: string): boolean {
  // Hash first: timingSafeEqual needs equal lengths, and the length must not leak either.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function tagsFrom(body: unknown): string[] | null {
  if (!body || typeof body !== 'object') return null;
  const { tags, store, product } = body as { tags?: unknown; store?: unknown; product?: unknown };
  const out: string[] = [];
  if (Array.isArray(tags)) {
    if (!tags.every((t): t is string => typeof t === 'string')) return null;
    out.push(...tags);
  } else if (tags !== undefined) return null;
  if (typeof store === 'string')
    out.push(typeof product === 'string' ? `product:${store}:${product}` : `store:${store}`);
  const unique = [...new Set(out)];
  if (unique.length === 0 || unique.length > MAX_TAGS || !unique.every((t) => TAG_RE.test(t))) return null;
  return unique;
}

export async function POST(request: NextRequest): Promise<Response> {
  const secret = revalidateSecret();
  if (!secret) return error(404, 'not_found', 'Revalidation is disabled (REVALIDATE_SECRET is not set)');
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  const given = request.headers.get('x-revalidate-secret') ?? bearer;
  if (!given || !sameSecret(given, secret)) return error(401, 'unauthorized', 'Missing or wrong revalidation secret');

  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return error(400, 'bad_request', 'Body must be JSON');
  }
  const tags = tagsFrom(body);
  if (!tags) {
    return error(
      400,
      'validation_failed',
      `Expected {"tags": [...]} with up to ${MAX_TAGS} tags like "store:<slug>" or "product:<slug>:<product>", or {"store", "product"?}`,
    );
  }
  for (const tag of tags) revalidateTag(tag, { expire: 0 });
  return Response.json({ revalidated: tags, at: new Date().toISOString() });
}
