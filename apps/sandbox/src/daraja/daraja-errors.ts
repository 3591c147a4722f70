import { randomInt } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';

/** Daraja's error body. Field names and casing are part of the contract (reference 1.1/1.2). */
export interface DarajaErrorBody {
  requestId: string;
  errorCode: string;
  errorMessage: string;
}

/** Error codes and messages as Daraja sends them. */
export const DARAJA_ERRORS = {
  invalidAuthType: { status: 400, errorCode: '400.008.01', errorMessage: 'Invalid Authentication passed' },
  invalidGrantType: { status: 400, errorCode: '400.008.02', errorMessage: 'Invalid grant type passed' },
  invalidAccessToken: { status: 404, errorCode: '404.001.03', errorMessage: 'Invalid Access Token' },
  resourceNotFound: { status: 404, errorCode: '404.001.01', errorMessage: 'Resource not found' },
  internal: { status: 500, errorCode: '500.003.1001', errorMessage: 'Internal Server Error' },
  wrongCredentials: { status: 500, errorCode: '500.001.1001', errorMessage: 'Wrong credentials' },
  subscriberLocked: {
    status: 500,
    errorCode: '500.001.1001',
    errorMessage: 'Unable to lock subscriber, a transaction is already in process for the current subscriber',
  },
  stillProcessing: { status: 500, errorCode: '500.001.1001', errorMessage: 'The transaction is being processed' },
  /** B2C: an OriginatorConversationID already used (reference 1.6). */
  duplicateOriginatorConversationId: {
    status: 500,
    errorCode: '500.002.1001',
    errorMessage: 'Duplicate OriginatorConversationID',
  },
} as const satisfies Record<string, { status: number; errorCode: string; errorMessage: string }>;

export type DarajaError = (typeof DARAJA_ERRORS)[keyof typeof DARAJA_ERRORS];

/** Daraja request ids look like "16813-1590513-1". */
export function darajaRequestId(): string {
  return `${randomInt(10_000, 100_000)}-${randomInt(1_000_000, 100_000_000)}-1`;
}

export function sendDarajaError(
  reply: FastifyReply,
  error: { status: number; errorCode: string; errorMessage: string },
): FastifyReply {
  const body: DarajaErrorBody = {
    requestId: darajaRequestId(),
    errorCode: error.errorCode,
    errorMessage: error.errorMessage,
  };
  reply.log.info({ darajaError: body }, 'daraja error answered');
  return reply.code(error.status).type('application/json').send(body);
}

/**
 * Makes a Daraja-prefixed scope (/oauth, /mpesa) answer unknown routes and thrown errors in
 * Daraja's format rather than the sandbox's. Call it inside each prefixed, encapsulated plugin.
 */
export function installDarajaErrorHandling(scope: FastifyInstance): void {
  scope.setNotFoundHandler((_request, reply) => sendDarajaError(reply, DARAJA_ERRORS.resourceNotFound));
  scope.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Daraja's generic request-level rejection (bad JSON, wrong content type, ...).
      return sendDarajaError(reply, {
        status: 400,
        errorCode: '400.002.02',
        errorMessage: `Bad Request - ${error.message}`,
      });
    }
    request.log.error({ err: error }, 'daraja sandbox route failed');
    return sendDarajaError(reply, DARAJA_ERRORS.internal);
  });
}

/** Daraja's field validation failure: HTTP 400 `400.002.02` "Bad Request - Invalid <Field>" (reference 1.2). */
export function invalidField(field: string): { status: number; errorCode: string; errorMessage: string } {
  return { status: 400, errorCode: '400.002.02', errorMessage: `Bad Request - Invalid ${field}` };
}
