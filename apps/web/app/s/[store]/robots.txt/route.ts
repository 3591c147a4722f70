import type { NextRequest } from 'next/server';
import { findStore } from '@/lib/api';
import { storeRequest } from '@/lib/request';

/**
 * GET <store>/robots.txt (`/robots.txt` in host form, where crawlers look for it). Points at
 * the store's sitemap on the canonical host; keeps crawlers out of internal search results and
 * the analytics endpoint (filtered listings carry noindex themselves).
 */
export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest, { params }: { params: Promise<{ store: string }> }): Promise<Response> {
  const { store: slug } = await params;
  const req = storeRequest(request.headers, slug);
  let exists = true;
  try {
    exists = (await findStore(slug, req.forwarded)) !== null;
  } catch {
    exists = true; // API trouble: the rules below are still right for a real store
  }
  if (!exists)
    return new Response('Not found\n', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  const body = [
    'User-agent: *',
    'Allow: /',
    'Disallow: /search',
    'Disallow: /events',
    '',
    `Sitemap: ${req.origin}/sitemap.xml`,
    '',
  ].join('\n');
  return new Response(body, {
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'public, max-age=3600' },
  });
}
