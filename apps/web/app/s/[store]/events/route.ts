import { after, type NextRequest } from 'next/server';
import { eventBatchSchema } from '@sokoni/contracts';
import { validStoreSlug } from '@/lib/api';
import { apiUrl } from '@/lib/config';
import { forwardedFrom } from '@/lib/request';
import { REQUEST_ID_HEADER } from '@/lib/store-context';
import { webLog } from '@/lib/log';

/**
 * POST <store>/events (`/s/<slug>/events`, or `/events` in host form): the analytics beacon
 * (islands/analytics.ts) lands here on the shopper's own origin and is forwarded to the API's
 * collector, POST /v1/stores/:store/events, with the shopper's IP, user agent (the collector
 * drops bots and classes devices by it) and the correlation id.
 *
 * Always 204, at once: a beacon has nobody to read an error, so the forward runs after the
 * response (`after`) and failures are logged here, never surfaced to the shopper.
 */
export const dynamic = 'force-dynamic';

/** 25 events of a few hundred bytes each fit many times over. */
const MAX_BODY_BYTES = 32 * 1024;
const FORWARD_TIMEOUT_MS = 5_000;

function log(level: 'warn' | 'info', msg: string, fields: Record<string, unknown>): void {
  webLog(level, msg, fields);
}

export async function POST(
  request: NextRequest,
  { params }: { params: Promise<{ store: string }> },
): Promise<Response> {
  const noContent = new Response(null, { status: 204 });
  const { store } = await params;
  if (!validStoreSlug(store)) return noContent;
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) return noContent;
  const body = await request.text();
  if (body.length > MAX_BODY_BYTES) return noContent;

  let batch: unknown;
  try {
    batch = JSON.parse(body);
  } catch {
    return noContent;
  }
  // Junk (or an outdated client) stops here rather than costing the API a request.
  if (!eventBatchSchema.safeParse(batch).success) return noContent;

  const forwarded = forwardedFrom(request.headers);
  after(async () => {
    const url = `${apiUrl()}/v1/stores/${store}/events`;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(forwarded.requestId ? { [REQUEST_ID_HEADER]: forwarded.requestId } : {}),
          ...(forwarded.forwardedFor ? { 'x-forwarded-for': forwarded.forwardedFor } : {}),
          ...(forwarded.userAgent ? { 'user-agent': forwarded.userAgent } : {}),
        },
        body,
        signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
      });
      if (!res.ok)
        log('warn', 'analytics beacon not accepted by the API', {
          store,
          status: res.status,
          requestId: forwarded.requestId,
          body: (await res.text()).slice(0, 300),
        });
    } catch (err) {
      log('warn', 'analytics beacon could not be forwarded', {
        store,
        requestId: forwarded.requestId,
        err: (err as Error).message,
      });
    }
  });
  return noContent;
}
