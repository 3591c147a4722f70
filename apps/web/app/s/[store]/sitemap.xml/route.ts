import type { NextRequest } from 'next/server';
import { findStore, getSitemapXml } from '@/lib/api';
import { isLocale } from '@/lib/i18n/core';
import { sitemapWithLanguages } from '@/lib/i18n/sitemap';
import { forwardedFrom } from '@/lib/request';
import { webLog } from '@/lib/log';

/**
 * GET <store>/sitemap.xml (`/sitemap.xml` in host form): the sitemap the API generates per store
 * (GET /v1/stores/:store/sitemap.xml, canonical host-form URLs), proxied and kept in the data
 * cache for 5 minutes under the store's tag (a catalogue change revalidates it). Every page is
 * listed in both languages with hreflang alternates (lib/i18n/sitemap.ts).
 */
export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest, { params }: { params: Promise<{ store: string }> }): Promise<Response> {
  const { store } = await params;
  try {
    const forwarded = forwardedFrom(request.headers);
    const [xml, summary] = await Promise.all([getSitemapXml(store, forwarded), findStore(store, forwarded)]);
    if (xml === null)
      return new Response('Not found\n', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    const language = isLocale(summary?.language) ? summary.language : 'en';
    return new Response(sitemapWithLanguages(xml, language), {
      headers: { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'public, max-age=300' },
    });
  } catch (err) {
    webLog('warn', 'sitemap unavailable', { store, err: (err as Error).message });
    // Crawlers retry a 503 later instead of dropping the sitemap.
    return new Response('Sitemap temporarily unavailable\n', {
      status: 503,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '300' },
    });
  }
}
