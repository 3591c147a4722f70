#!/usr/bin/env node
/**
 * The web app's production server: Next.js (custom server, https://nextjs.org/docs/pages/guides/custom-server)
 * behind a plain node:http server that decides, from the socket, which client address the
 * request carries in X-Forwarded-For. Next's middleware (proxy.ts) never sees the socket, and
 * Next itself only fills X-Forwarded-For when it is absent, so with `next start` a shopper could
 * write any address there and the web passed it to the API as its own (lib/request.ts):
 * every per-address limit of the API was one header away from being bypassed.
 *
 * Per request:
 *  - the peer (the socket's address) is not a trusted proxy: X-Forwarded-For becomes the peer
 *    alone, whatever the client wrote;
 *  - the peer is a trusted proxy (WEB_TRUSTED_PROXIES, e.g. nginx): the chain is kept as it came,
 *    so its last entry, the address that proxy appended, is the client. The web does not append
 *    the proxy's own address: the API believes exactly one hop (the last entry the web sends,
 *    TRUSTED_PROXIES in apps/api), so the entry it takes must be the client's, not nginx's.
 *    A trusted peer whose last entry is missing or not an IP address counts as the client.
 *
 * Environment:
 *   PORT                 listening port (default 3000), on every interface like `next start`
 *   WEB_TRUSTED_PROXIES  comma-separated IPs/CIDRs whose X-Forwarded-For is believed (default: none)
 *   SHUTDOWN_GRACE_MS    on SIGTERM/SIGINT, how long in-flight requests may take (default 10000)
 *   PAGE_CACHE_TTL_S     storefront page cache lifetime, 0-300 s (default 60; 0 = off): page-cache.mjs
 *   PAGE_CACHE_MAX_MB    its memory bound, least recently used pages go first (default 64)
 *   REVALIDATE_SECRET    also lets the seo worker's warm-up requests refresh cached pages
 *   OTEL_EXPORTER_OTLP_ENDPOINT  tracing on (tracing.mjs): a span per request, trace_id/span_id in
 *                        the log lines, traceparent on the calls to the API (docs/operate/traces.md)
 * plus everything lib/config.ts reads (API_URL, PLATFORM_DOMAIN, ...).
 *
 * Next is created with hostname 'localhost' and the real port: its origin must stay
 * http://localhost:<port> so proxy.ts's host-form rewrites stay internal (see the comment there).
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { BlockList, isIP } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import next from 'next';
import { createPageCache } from './page-cache.mjs';
import { startTracing } from './tracing.mjs';

const dir = path.dirname(fileURLToPath(import.meta.url));

/** trace_id / span_id of a span (the active one by default), for a log line. */
function traceFields(span = trace.getActiveSpan()) {
  const ids = span?.spanContext();
  return ids && trace.isSpanContextValid(ids) ? { trace_id: ids.traceId, span_id: ids.spanId } : {};
}

function log(level, msg, fields = {}) {
  const line = JSON.stringify({
    level,
    time: new Date().toISOString(),
    service: 'sokoni-web',
    msg,
    ...traceFields(),
    ...fields,
  });
  if (level === 'error' || level === 'warn') console.error(line);
  else console.log(line);
}

function fail(message) {
  log('error', `web server not started: ${message}`);
  process.exit(1);
}

function integerFromEnv(name, fallback, min, max) {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    fail(`${name}=${JSON.stringify(raw)} is not a whole number from ${min} to ${max}`);
  return value;
}

/** `::ffff:203.0.113.9` (an IPv4 client on a dual-stack socket) -> `203.0.113.9`. */
function plainAddress(address) {
  if (!address) return null;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped ? mapped[1] : address;
}

/** WEB_TRUSTED_PROXIES -> a BlockList; a bad entry stops the start, naming it. */
function trustedProxies(list) {
  const blocks = new BlockList();
  for (const entry of (list ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [address, prefix, extra] = entry.split('/');
    const family = isIP(address ?? '');
    const bits = family === 4 ? 32 : 128;
    const length = prefix === undefined ? bits : /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
    if (!family || extra !== undefined || !(length >= 0 && length <= bits)) {
      throw new Error(`"${entry}" is not an IP address or CIDR range (like 10.0.0.0/8 or fd00::/8)`);
    }
    blocks.addSubnet(address, length, family === 4 ? 'ipv4' : 'ipv6');
  }
  return (address) => {
    const family = isIP(address ?? '');
    return family !== 0 && blocks.check(address, family === 4 ? 'ipv4' : 'ipv6');
  };
}

/** The X-Forwarded-For the rest of the app (and so the API) sees for this request. */
function forwardedFor(req, isTrusted) {
  const peer = plainAddress(req.socket.remoteAddress);
  if (!peer) return null;
  if (!isTrusted(peer)) return peer;
  // Node joins repeated X-Forwarded-For headers with ", ".
  const chain = typeof req.headers['x-forwarded-for'] === 'string' ? req.headers['x-forwarded-for'].trim() : '';
  const last = plainAddress(chain.split(',').pop()?.trim());
  return last && isIP(last) ? chain : peer;
}

const port = integerFromEnv('PORT', 3000, 1, 65535);
const graceMs = integerFromEnv('SHUTDOWN_GRACE_MS', 10_000, 0, 10 * 60_000);
const pageCacheTtl = integerFromEnv('PAGE_CACHE_TTL_S', 60, 0, 300);
const pageCache =
  pageCacheTtl > 0
    ? createPageCache({
        ttlSeconds: pageCacheTtl,
        maxBytes: integerFromEnv('PAGE_CACHE_MAX_MB', 64, 1, 4096) * 1024 * 1024,
        warmSecret: process.env.REVALIDATE_SECRET?.trim() || undefined,
        // lib/config.ts's platformDomain(), which this plain-JS server cannot import.
        platformDomain: (process.env.PLATFORM_DOMAIN || 'localhost')
          .trim()
          .toLowerCase()
          .replace(/^\.+|\.+$/g, '')
          .replace(/:\d+$/, ''),
        log,
      })
    : null;
let isTrusted;
try {
  isTrusted = trustedProxies(process.env.WEB_TRUSTED_PROXIES);
} catch (error) {
  fail(`WEB_TRUSTED_PROXIES: ${error.message}`);
}

/** Correlation ids the web keeps from the caller (the same rule as proxy.ts). */
const REQUEST_ID_RE = /^[A-Za-z0-9._:-]{1,128}$/;
const tracing = await startTracing();

const httpServer = createServer();
const app = next({ dev: false, dir, hostname: 'localhost', port, httpServer });
await app.prepare();
const handle = app.getRequestHandler();

let closing = false;
/** Responses not yet sent in full: told to close their connection when shutdown starts. */
const inFlight = new Set();
httpServer.on('request', (req, res) => {
  const address = forwardedFor(req, isTrusted);
  if (address) req.headers['x-forwarded-for'] = address;
  else delete req.headers['x-forwarded-for'];
  // The correlation id is settled here (proxy.ts keeps it) so this server's log lines carry it too.
  const requestId = req.headers['x-request-id'];
  if (typeof requestId !== 'string' || !REQUEST_ID_RE.test(requestId)) req.headers['x-request-id'] = randomUUID();
  if (!tracing) return serve(req, res);
  // One SERVER span per request (continuing an incoming traceparent); Next's spans nest under it.
  const path = (req.url ?? '/').split('?')[0];
  const span = tracing.tracer.startSpan(
    `${req.method} web`,
    {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': req.method,
        'url.path': path,
        'sokoni.correlation_id': req.headers['x-request-id'],
      },
    },
    propagation.extract(ROOT_CONTEXT, req.headers),
  );
  const started = performance.now();
  res.once('close', () => {
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
    // Pages and route handlers (not Next's static assets): one line per request, with its trace.
    if (!path.startsWith('/_next/'))
      log('info', 'request completed', {
        correlation_id: req.headers['x-request-id'],
        req: { method: req.method, url: req.url },
        res: { statusCode: res.statusCode },
        duration_ms: Math.round((performance.now() - started) * 10) / 10,
        ...traceFields(span),
      });
  });
  context.with(trace.setSpan(context.active(), span), () => serve(req, res));
});

function serve(req, res) {
  inFlight.add(res);
  res.once('close', () => inFlight.delete(res));
  // Shutting down: answer, then let the connection go rather than keep it alive (an idle
  // keep-alive connection would hold server.close() open until its timeout).
  if (closing) res.setHeader('connection', 'close');
  res.once('finish', () => {
    if (closing) req.socket.end();
  });
  const failed = (error) => {
    log('error', 'request failed', { url: req.url, err: error?.message, correlation_id: req.headers['x-request-id'] });
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  };
  if (!pageCache) return handle(req, res).catch(failed);
  if (req.method === 'POST') purgeAfter(req, res);
  pageCache
    .handle(req, res)
    .then((served) => (served ? undefined : handle(req, res)))
    .catch(failed);
}

/**
 * The revalidate hook (app/api/revalidate, called by the seo worker after a catalog edit) and the
 * custom-domain hook (proxy.ts) also purge the page cache, before their 200 leaves: when the worker
 * hears back, no stale page is served any more (and its warm-up job renders fresh ones).
 */
function purgeAfter(req, res) {
  const path = (req.url ?? '').split('?')[0];
  if (path !== '/api/revalidate' && path !== '/api/domains/invalidate') return;
  delete req.headers['accept-encoding']; // the answer is read below
  const chunks = [];
  const write = res.write;
  const end = res.end;
  res.write = function (chunk, encoding, cb) {
    if (chunk && typeof chunk !== 'function') chunks.push(Buffer.from(chunk));
    return write.call(this, chunk, encoding, cb);
  };
  res.end = function (chunk, encoding, cb) {
    if (chunk && typeof chunk !== 'function') chunks.push(Buffer.from(chunk));
    if (res.statusCode === 200) {
      let tags = ['*'];
      try {
        const answer = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        if (path === '/api/revalidate' && Array.isArray(answer?.revalidated)) tags = answer.revalidated;
      } catch {
        // not the JSON we expect: purge everything rather than keep something stale
      }
      pageCache.purge(tags);
    }
    return end.call(this, chunk, encoding, cb);
  };
}

httpServer.listen(port, () =>
  log('info', 'web listening', { port, trustedProxies: process.env.WEB_TRUSTED_PROXIES?.trim() || null }),
);

/** SIGTERM (docker stop, the tests) / SIGINT (Ctrl-C): no new connections, finish what is in flight, exit. */
function shutdown(signal) {
  if (closing) return;
  closing = true;
  log('info', 'web shutting down', { signal });
  const force = setTimeout(() => {
    log('warn', 'web shutdown grace over: closing open connections', { graceMs });
    httpServer.closeAllConnections();
  }, graceMs);
  force.unref();
  httpServer.close(() => {
    clearTimeout(force);
    app
      .close()
      .catch((error) => log('warn', 'next close failed', { err: error?.message }))
      .then(() => tracing?.shutdown())
      .finally(() => {
        log('info', 'web stopped');
        process.exit(0);
      });
  });
  // Keep-alive connections with no request in flight would hold close() open until they time out.
  httpServer.closeIdleConnections();
  for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
