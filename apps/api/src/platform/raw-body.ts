import { isUtf8 } from 'node:buffer';
import type { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter } from 'prom-client';
import type { Metrics } from './metrics';

// The SQL moved to webhook-deliveries.repository.ts; re-exported so the delivery and messaging
// repositories keep their import until they import it from there.
export { insertWebhookDelivery } from './webhook-deliveries.repository';

/**
 * Provider callbacks (M-Pesa, WhatsApp, the delivery partner) must never be lost to a body our
 * JSON parser chokes on: a 500 there is a payment we cannot see. On these routes the body
 * parser keeps the exact bytes (no parsing, never throws); the service stores them first and
 * only then reads them with `readJsonBody`, which turns every way a body can be unreadable
 * into a flag reason in words instead of an exception.
 *
 * Routes are recognised by their route pattern (request.routeOptions.url), so an unmatched URL
 * under these prefixes is parsed like any other 404.
 */
export const RAW_BODY_ROUTE_PREFIXES = ['/v1/hooks/', '/v1/webhooks/'] as const;

/** Nesting deeper than this is refused before JSON.parse sees it (real callbacks nest < 10). */
export const MAX_CALLBACK_DEPTH = 64;

/** What an unauthenticated delivery (bad signature or secret) may leave behind: anyone can post one. */
export const MAX_UNAUTHENTICATED_BYTES = 4096;

export function isRawBodyRoute(request: Pick<FastifyRequest, 'routeOptions'>): boolean {
  const route = request.routeOptions?.url;
  return typeof route === 'string' && RAW_BODY_ROUTE_PREFIXES.some((prefix) => route.startsWith(prefix));
}

/**
 * Replaces Nest's application/json parser with one that hands the raw Buffer through on the
 * callback routes and parses exactly as Nest/Fastify did everywhere else. Nest's own parsers
 * (json + urlencoded, with `rawBody`) are registered first, as `app.init()` would, so nothing
 * else changes; then only the JSON one is swapped. Call before `app.init()`.
 */
export function registerRawCallbackBodyParser(app: NestFastifyApplication): void {
  const adapter = app.getHttpAdapter() as unknown as FastifyAdapter;
  const fastify = adapter.getInstance<FastifyInstance>();
  adapter.registerParserMiddleware(undefined, true);
  fastify.removeContentTypeParser('application/json');
  const { bodyLimit, onProtoPoisoning, onConstructorPoisoning } = fastify.initialConfig as {
    bodyLimit?: number;
    onProtoPoisoning?: 'error';
    onConstructorPoisoning?: 'error';
  };
  const parseJson = fastify.getDefaultJsonParser(onProtoPoisoning ?? 'error', onConstructorPoisoning ?? 'error');
  adapter.useBodyParser('application/json', true, { bodyLimit }, (request, body, done) => {
    if (isRawBodyRoute(request)) {
      done(null, body);
      return;
    }
    // As Nest does: Fastify's parser (secure-json-parse) takes the Buffer, its types say string.
    // It answers through `done`; `void` because its type also allows the promise-returning form.
    void parseJson(request, body as unknown as string, done);
  });
  // A callback is kept whatever content type it claims (text/plain, none at all, or anything
  // else): a provider that changes its header must not turn payments into 415s we never see.
  // Everywhere else text/plain stays a string and an unknown type stays a 415, as before.
  fastify.removeContentTypeParser('text/plain');
  fastify.addContentTypeParser('text/plain', { parseAs: 'buffer', bodyLimit }, (request, body, done) => {
    done(null, isRawBodyRoute(request) ? body : (body as Buffer).toString('utf8'));
  });
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (request, body, done) => {
    if (isRawBodyRoute(request)) {
      done(null, body);
      return;
    }
    const type = request.headers['content-type'];
    done(
      Object.assign(new Error(`Unsupported content type: ${typeof type === 'string' ? type.slice(0, 100) : 'none'}`), {
        statusCode: 415,
        code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
      }),
      undefined,
    );
  });
}

/** A callback's body as the transport delivered it. */
export interface ReceivedBody {
  bytes: Buffer;
  contentType: string | null;
  sourceIp: string | null;
}

/** The exact bytes of this request (any content type Fastify accepted), with where they came from. */
export function receivedBody(request: FastifyRequest & { rawBody?: Buffer }): ReceivedBody {
  const body: unknown = request.body;
  const bytes = Buffer.isBuffer(request.rawBody)
    ? request.rawBody
    : Buffer.isBuffer(body)
      ? body
      : typeof body === 'string'
        ? Buffer.from(body, 'utf8')
        : Buffer.alloc(0);
  const contentType = request.headers['content-type'];
  return {
    bytes,
    contentType: typeof contentType === 'string' ? contentType.slice(0, 200) : null,
    sourceIp: request.ip ?? null,
  };
}

export type BodyFlag =
  | 'empty_body'
  | 'too_large'
  | 'invalid_utf8'
  | 'nul_character'
  | 'lone_surrogate'
  | 'too_deep'
  | 'invalid_json'
  | 'forbidden_key';
export type ReadBody = { ok: true; value: unknown } | { ok: false; flag: BodyFlag };

/**
 * Reads a callback body as JSON, or says in words why it cannot be: every check Postgres
 * (jsonb, text) or JSON.parse would otherwise fail on later, with a 500, is made here first.
 */
export function readJsonBody(bytes: Buffer, options: { maxBytes?: number; maxDepth?: number } = {}): ReadBody {
  const refuse = (flag: BodyFlag): ReadBody => ({ ok: false, flag });
  if (bytes.length === 0) return refuse('empty_body');
  if (options.maxBytes !== undefined && bytes.length > options.maxBytes) return refuse('too_large');
  if (!isUtf8(bytes)) return refuse('invalid_utf8'); // also encoded surrogates (ED A0 80)
  if (bytes.includes(0)) return refuse('nul_character');
  const text = bytes.toString('utf8');
  if (nestedDeeperThan(text, options.maxDepth ?? MAX_CALLBACK_DEPTH)) return refuse('too_deep');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return refuse('invalid_json');
  }
  const flag = unstorable(value);
  return flag ? refuse(flag) : { ok: true, value };
}

/** Text for humans (the `raw` columns): undecodable bytes and NULs become U+FFFD, which Postgres text accepts. */
export function readableText(bytes: Buffer, maxBytes = 64 * 1024): string {
  return bytes.subarray(0, maxBytes).toString('utf8').replaceAll('\u0000', '\uFFFD');
}

/** Bracket depth outside strings, without building anything (JSON.parse recursion is what a deep body attacks). */
function nestedDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Strings jsonb refuses (\u0000, unpaired surrogates) and keys that poison prototypes. Depth is bounded already. */
function unstorable(value: unknown): BodyFlag | null {
  if (typeof value === 'string')
    return value.includes('\u0000') ? 'nul_character' : LONE_SURROGATE.test(value) ? 'lone_surrogate' : null;
  if (Array.isArray(value)) {
    for (const item of value) {
      const flag = unstorable(item);
      if (flag) return flag;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (
        key === '__proto__' ||
        (key === 'constructor' && item !== null && typeof item === 'object' && 'prototype' in item)
      )
        return 'forbidden_key';
      const flag = unstorable(key) ?? unstorable(item);
      if (flag) return flag;
    }
  }
  return null;
}

/** `webhook_bodies_flagged_total{source,reason}`: one counter per process, shared by the modules that take callbacks. */
export function flaggedBodiesCounter(metrics: Metrics): Counter<'source' | 'reason'> {
  const existing = metrics.registry.getSingleMetric('webhook_bodies_flagged_total');
  if (existing) return existing as Counter<'source' | 'reason'>;
  return new Counter({
    name: 'webhook_bodies_flagged_total',
    help: 'Callback bodies stored but not applied because they could not be read, by source (mpesa, whatsapp, delivery_partner) and reason',
    labelNames: ['source', 'reason'],
    registers: [metrics.registry],
  });
}
