import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { z } from 'zod';

/** The sandbox's own error shape (same as the Sokoni API's): used on /healthz and /__admin. */
export interface SandboxErrorBody {
  error: { code: string; message: string; details: unknown };
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

export function sendSandboxError(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  details: unknown = null,
): FastifyReply {
  const body: SandboxErrorBody = { error: { code, message, details } };
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

/** How a route answers input that does not fit its schema: 400 `validation_failed`. */
export interface InputFailure {
  message: string;
  /** More details next to the zod issues (e.g. the values allowed). */
  details?: Record<string, unknown>;
  /** Issues as `{ path: 'a.b', message }` instead of zod's own objects (the WhatsApp admin's form). */
  flatIssues?: boolean;
}

/**
 * `input` (a request's body, query or params) parsed with `schema`. When it does not fit, answers
 * 400 `validation_failed` with the message and `{ issues, ...details }`, and returns undefined:
 * the route then returns the reply.
 */
export function parseOr400<S extends z.ZodType>(
  reply: FastifyReply,
  schema: S,
  input: unknown,
  failure: InputFailure,
): z.output<S> | undefined {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = failure.flatIssues
    ? parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
    : parsed.error.issues;
  sendSandboxError(reply, 400, 'validation_failed', failure.message, { issues, ...failure.details });
  return undefined;
}

/**
 * Installs the sandbox error shape on `app` and every child context that does not override it.
 * Provider scopes (e.g. Daraja) install their own handlers so their routes answer like the real
 * provider does.
 */
export function installSandboxErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) =>
    sendSandboxError(reply, 404, 'not_found', `Route ${request.method} ${request.url.split('?')[0]} not found`, {
      requestId: request.id,
    }),
  );

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status =
      typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600
        ? error.statusCode
        : 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'sandbox request failed');
      return sendSandboxError(reply, 500, 'internal_error', 'Something went wrong in the sandbox', {
        requestId: request.id,
      });
    }
    return sendSandboxError(reply, status, CODE_BY_STATUS[status] ?? 'bad_request', error.message, {
      requestId: request.id,
      ...(error.code ? { reason: error.code } : {}),
    });
  });
}
