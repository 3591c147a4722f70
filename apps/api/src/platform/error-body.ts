import type { ErrorBody, ErrorCode } from '@sokoni/contracts';
import { ApiError } from './api-error';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'service_unavailable',
};

const MESSAGE_BY_FASTIFY_CODE: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'Request body is too large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Unsupported content type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'Request body is empty but content-type is application/json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'Request body is not valid JSON',
};

/**
 * Maps anything thrown to the one error shape. 4xx messages are safe to show; a 5xx never leaks
 * internals (the log has them, joined by correlation id).
 */
export function toErrorResponse(error: unknown, correlationId: string): { status: number; body: ErrorBody } {
  if (error instanceof ApiError) {
    return {
      status: error.status,
      body: { error: { code: error.code, message: error.message, details: withId(error.details, correlationId) } },
    };
  }
  const status = httpStatusOf(error);
  if (status >= 400 && status < 500) {
    const e = error as { code?: string; message?: string; details?: unknown };
    const code = (e.code && isErrorCode(e.code) ? e.code : CODE_BY_STATUS[status]) ?? 'bad_request';
    const message = (e.code && MESSAGE_BY_FASTIFY_CODE[e.code]) ?? cleanMessage(e.message) ?? 'Bad request';
    return { status, body: { error: { code, message, details: withId(e.details, correlationId) } } };
  }
  return {
    status: status === 503 ? 503 : 500,
    body: {
      error: {
        code: status === 503 ? 'service_unavailable' : 'internal_error',
        message: status === 503 ? 'Service temporarily unavailable' : 'Something went wrong on our side',
        details: { correlationId },
      },
    },
  };
}

/**
 * The database could not be reached in time: the pool had no free connection within its wait
 * (pg-pool's own message), Postgres refused more connections or is starting/stopping. The
 * request did nothing, so it is a 503 the client may retry, not a 500 (a bug).
 */
const DATABASE_UNAVAILABLE_SQLSTATES = new Set(['53300', '57P01', '57P02', '57P03']);
function isDatabaseUnavailable(error: object): boolean {
  const e = error as { message?: unknown; code?: unknown };
  return (
    e.message === 'timeout exceeded when trying to connect' ||
    (typeof e.code === 'string' && (DATABASE_UNAVAILABLE_SQLSTATES.has(e.code) || e.code === 'ECONNREFUSED'))
  );
}

function httpStatusOf(error: unknown): number {
  if (typeof error !== 'object' || error === null) return 500;
  if (isDatabaseUnavailable(error)) return 503;
  const e = error as { getStatus?: () => number; statusCode?: number; status?: number };
  if (typeof e.getStatus === 'function') return e.getStatus();
  const status = e.statusCode ?? e.status;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

function withId(details: unknown, correlationId: string): unknown {
  if (details === undefined) return { correlationId };
  if (typeof details === 'object' && details !== null && !Array.isArray(details)) return { ...details, correlationId };
  return { info: details, correlationId };
}

function isErrorCode(code: string): code is ErrorCode {
  return /^[a-z_]+$/.test(code);
}

function cleanMessage(message: string | undefined): string | undefined {
  if (!message) return undefined;
  // Nest's HttpException for unknown routes reads "Cannot GET /x": keep it, it is useful.
  return message.length > 300 ? `${message.slice(0, 300)}…` : message;
}
