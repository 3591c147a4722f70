import { isUtf8 } from 'node:buffer';
import { findJsonProblem, MAX_JSON_DEPTH, textProblem, type ErrorCode } from '@sokoni/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './api-error';
import { toErrorResponse } from './error-body';

/**
 * Provider callbacks (M-Pesa, WhatsApp, delivery partner) are stored byte for byte and flagged by
 * their own code, never refused here: a provider does not retry a 400 and the money would be lost.
 */
const PROVIDER_CALLBACK_PREFIXES = ['/v1/hooks/', '/v1/webhooks/'];

/** Headers whose values the API stores (Redis/Postgres) rather than only compares. */
const STORED_HEADERS = ['idempotency-key', 'x-cart-token'] as const;

type Where = 'body' | 'query' | 'params' | 'headers';

/**
 * Input Postgres would refuse (NUL, lone surrogates in jsonb) or nobody should store (control
 * characters, invalid UTF-8), and bodies nested deeper than any real one, are answered with a
 * 400 naming the field before a handler runs, so no such byte sequence can become a 500 or a
 * half-written change. Field-specific rules (one line, visible names) live in the zod contracts
 * (`singleLineText`, `displayName`); this guard applies the rules that hold for every string.
 */
export function registerHostileInputGuard(fastify: FastifyInstance): void {
  // preValidation: the body is parsed (Fastify's JSON.parse copes with 100,000 levels; the walk
  // below is iterative), the route and its params are known, and no Nest guard or handler ran.
  fastify.addHook('preValidation', async (request, reply) => {
    if (isProviderCallback(request)) return;
    const refusal = findRefusal(request);
    if (!refusal) return;
    const { status, body } = toErrorResponse(refusal, String(request.id));
    return reply.code(status).header('content-type', 'application/json; charset=utf-8').send(body);
  });
}

/**
 * Fastify answers a URL it cannot decode (`%ED%A0%80`, a lone surrogate) or an over-long param
 * before routing, in its own shape; `frameworkErrors` makes that the API's error shape too.
 */
export function answerFrameworkError(
  error: Error & { statusCode?: number },
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const { status, body } = toErrorResponse(error, String(request.id));
  void reply
    .code(status)
    .header('x-request-id', String(request.id))
    .header('content-type', 'application/json; charset=utf-8')
    .send(body);
}

function isProviderCallback(request: FastifyRequest): boolean {
  const path = request.routeOptions.url ?? request.url.split('?')[0] ?? '';
  return PROVIDER_CALLBACK_PREFIXES.some((prefix) => path.startsWith(prefix));
}

function findRefusal(request: FastifyRequest): ApiError | null {
  for (const name of STORED_HEADERS) {
    const values = request.headers[name];
    for (const value of Array.isArray(values) ? values : values === undefined ? [] : [values]) {
      const problem = textProblem(value, 'single_line');
      if (problem) return invalidText('headers', name, `${name} ${problem}`);
    }
  }
  for (const [where, value] of [
    ['params', request.params],
    ['query', request.query],
  ] as const) {
    const found = findJsonProblem(value, { kind: 'single_line' });
    if (found) return invalidText(where, found.path, `${found.path || where} ${found.problem}`);
  }
  // Nest keeps the bytes of JSON and form bodies (rawBody); JSON.parse would have turned invalid
  // UTF-8 into U+FFFD silently, storing mangled text.
  const raw = (request as { rawBody?: unknown }).rawBody;
  if (Buffer.isBuffer(raw) && !isUtf8(raw)) return invalidText('body', '', 'The request body is not valid UTF-8');
  // String bodies are text/csv (the import reports bad cells per line) or text/plain (refused by
  // the route's zod schema); buffers are images.
  if (typeof request.body === 'object' && request.body !== null && !Buffer.isBuffer(request.body)) {
    const found = findJsonProblem(request.body, { kind: 'multi_line', maxDepth: MAX_JSON_DEPTH });
    if (found?.kind === 'too_deep') {
      return new ApiError(400, 'body_too_deep', `The request body is nested more than ${MAX_JSON_DEPTH} levels deep`, {
        where: 'body',
        field: found.path,
        maxDepth: MAX_JSON_DEPTH,
      });
    }
    if (found) return invalidText('body', found.path, `${found.path || 'The request body'} ${found.problem}`);
  }
  return null;
}

function invalidText(where: Where, field: string, message: string): ApiError {
  const code: ErrorCode = 'invalid_text';
  return new ApiError(400, code, message, { where, field });
}
