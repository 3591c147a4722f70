import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';

/** The partner's error body (CONTRACT.md): not Sokoni's shape, so the adapter must translate. */
export interface PartnerErrorBody {
  success: false;
  code: string;
  message: string;
  errors?: unknown;
}

export function sendPartnerError(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  errors?: unknown,
): FastifyReply {
  const body: PartnerErrorBody = { success: false, code, message, ...(errors === undefined ? {} : { errors }) };
  return reply.code(status).type('application/json').send(body);
}

/** Unknown routes and thrown errors inside the partner's scope answer in the partner's shape. */
export function installPartnerErrorHandling(scope: FastifyInstance): void {
  scope.setNotFoundHandler((_request, reply) => sendPartnerError(reply, 404, 'NOT_FOUND', 'Resource not found'));
  scope.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return sendPartnerError(reply, 400, 'BAD_REQUEST', error.message);
    request.log.error({ err: error }, 'delivery partner sandbox route failed');
    return sendPartnerError(reply, 500, 'INTERNAL_ERROR', 'Internal server error');
  });
}
