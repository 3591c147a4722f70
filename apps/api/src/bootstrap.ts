import 'reflect-metadata';
import rateLimit from '@fastify/rate-limit';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import type { AppConfig } from './config/config';
import { StorefrontGraphql } from './modules/graphql/storefront-graphql';
import { AllExceptionsFilter } from './platform/all-exceptions.filter';
import { answerFrameworkError, registerHostileInputGuard } from './platform/hostile-input';
import { NestPinoLogger, requestLineLogger } from './platform/logger';
import { registerRawCallbackBodyParser } from './platform/raw-body';
import { Metrics } from './platform/metrics';
import { registerSecurityHeaders } from './platform/security-headers';
import { localFirstRateLimitStore } from './platform/rate-limit-store';
import { registerReadAfterWrite, ReadRouting } from './platform/read-routing';
import { RedisKeys } from './platform/redis';
import { correlationIdFrom, requestContext } from './platform/request-context';
import { nameRequestSpan } from './platform/trace-context';
import { REDIS } from './platform/tokens';
import { trustedProxyEntries, trustOneProxyHop } from './platform/trusted-proxies';

/** Probes and scrapes are never rate limited: an outage must not hide behind 429s. */
const UNLIMITED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** Builds the HTTP API (not listening yet): used by main.ts and by tests that boot a real server. */
export async function createApiApp(config: AppConfig, logger: Logger): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    // X-Forwarded-For from TRUSTED_PROXIES only, and only its last entry (one hop): request.ip is
    // the address the web (or nginx) saw, never an earlier entry a client wrote.
    trustProxy: trustOneProxyHop(trustedProxyEntries(config.TRUSTED_PROXIES)),
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) =>
      correlationIdFrom(req.headers['x-request-id']),
    return503OnClosing: true,
    frameworkErrors: answerFrameworkError,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, logger), adapter, {
    logger: new NestPinoLogger(logger),
    // M-Pesa callbacks are stored byte for byte before anything else reads them.
    rawBody: true,
  });
  const fastify = app.getHttpAdapter().getInstance();
  const metrics = app.get(Metrics);
  const keys = app.get(RedisKeys);
  const redis = app.get<Redis>(REDIS);

  // Correlation id: taken from x-request-id or generated, echoed back, and bound to everything
  // this request logs or enqueues (AsyncLocalStorage).
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    nameRequestSpan(request.method, request.routeOptions.url, String(request.id));
    requestContext.run({ correlationId: String(request.id) }, done);
  });

  registerHostileInputGuard(fastify);
  registerReadAfterWrite(fastify, app.get(ReadRouting));

  fastify.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) if (method !== 'HEAD') metrics.httpRoutes.set({ method, route: route.url }, 1);
  });

  const requestLog = requestLineLogger(logger);
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    metrics.httpDuration.observe({ method: request.method, route, status_code: String(reply.statusCode) }, seconds);
    if (reply.statusCode === 429) metrics.rateLimited.inc({ route });
    requestLog.info(
      {
        req: { method: request.method, url: request.url, route, ip: request.ip },
        res: { statusCode: reply.statusCode },
        duration_ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request completed',
    );
    done();
  });

  registerSecurityHeaders(fastify, {
    // JSON API: nothing here is framed or scripted; the web app sets its own page CSP.
    contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    crossOriginResourcePolicy: { policy: 'same-site' },
  });

  await app.register(rateLimit, {
    global: true,
    max: config.RATE_LIMIT_MAX,
    timeWindow: config.RATE_LIMIT_WINDOW_MS,
    // Counted in this process and added to Redis every 50 ms (platform/rate-limit-store.ts), not
    // one Redis round trip per request; with Redis down each process still limits on its own.
    store: localFirstRateLimitStore(redis, `${keys.platform('ratelimit')}:`, logger),
    skipOnError: true,
    allowList: (request) => UNLIMITED_PATHS.has(request.url.split('?')[0] ?? ''),
    keyGenerator: (request) => request.ip,
    errorResponseBuilder: (_request, context) => ({
      statusCode: context.statusCode,
      code: 'rate_limited',
      message: `Too many requests: try again in ${context.after}`,
      details: { limit: context.max, retryAfterSeconds: Math.ceil(context.ttl / 1000) },
    }),
  });

  // Catalog CSV imports arrive as text/csv, and may be larger than a JSON body. Read as bytes and
  // decoded here: Fastify's parseAs 'string' compares the decoded length with Content-Length, so a
  // file with non-UTF-8 bytes (Excel's Windows-1252 CSV) got a misleading 400; decoded, those bytes
  // become U+FFFD, which the import reports per line.
  fastify.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: 5 * 1024 * 1024 }, (_request, body, done) =>
    done(null, (body as Buffer).toString('utf8')),
  );
  // Product photos are uploaded raw (the body is the image); phone photos run to several MB.
  fastify.addContentTypeParser(
    ['image/jpeg', 'image/png', 'image/webp', 'image/avif', 'image/heic', 'image/heif'],
    { parseAs: 'buffer', bodyLimit: 10 * 1024 * 1024 },
    (_request, body, done) => done(null, body),
  );
  // Provider callbacks (/v1/hooks/, /v1/webhooks/) keep their exact bytes, unparsed: stored before anything reads them.
  registerRawCallbackBodyParser(app);

  // GraphQL storefront API: a route of this Fastify instance, after the rate limit and hooks above.
  await app.get(StorefrontGraphql).register(fastify);

  app.useGlobalFilters(new AllExceptionsFilter(logger));
  await app.init();
  return app;
}
