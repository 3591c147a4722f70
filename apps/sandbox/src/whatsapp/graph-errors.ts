import { randomBytes } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';

/**
 * Meta Graph API error body (shared/reference/apis.md section 2). Every WhatsApp error the sandbox
 * answers uses this shape, with the HTTP status Meta uses for that code.
 */
export interface GraphErrorBody {
  error: {
    message: string;
    type: string;
    code: number;
    error_subcode?: number;
    error_data?: { messaging_product: 'whatsapp'; details: string };
    fbtrace_id: string;
  };
}

export interface GraphError {
  status: number;
  code: number;
  message: string;
  subcode?: number;
  /** error_data.details: the human-readable reason. */
  details?: string;
  type?: string;
}

/** fbtrace_id looks like "AvXlcpZIH3Ag3dpGjSWM1Ef": 23 url-safe base64 characters. */
export function fbtraceId(): string {
  return randomBytes(18).toString('base64url').slice(0, 23);
}

export const GRAPH_ERRORS = {
  /** Missing, blank or malformed Bearer token. */
  invalidToken: (): GraphError => ({
    status: 401,
    code: 190,
    message: 'Invalid OAuth access token - Cannot parse access token',
  }),
  /** Generic parameter problem (missing field, wrong type, too long). */
  invalidParameter: (details: string, message = '(#100) Invalid parameter'): GraphError => ({
    status: 400,
    code: 100,
    message,
    details,
  }),
  /** A phone number id the sandbox has no config for (POST /__admin/whatsapp/config). */
  unknownObject: (id: string): GraphError => ({
    status: 400,
    code: 100,
    subcode: 33,
    message: `Unsupported post request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
  }),
  unknownPath: (path: string): GraphError => ({ status: 400, code: 2500, message: `Unknown path components: ${path}` }),
  /** Well-formed but invalid value (button counts and titles, unsupported types). */
  parameterValueNotValid: (details: string): GraphError => ({
    status: 400,
    code: 131009,
    message: '(#131009) Parameter value is not valid',
    details,
  }),
  templateMissing: (name: string, language: string): GraphError => ({
    status: 404,
    code: 132001,
    message: '(#132001) Template name does not exist in the translation',
    details: `template name (${name}) does not exist in ${language}`,
  }),
  templateParamCount: (sent: number, expected: number): GraphError => ({
    status: 400,
    code: 132000,
    message: '(#132000) Number of parameters does not match the expected number of params',
    details: `body: number of localizable_params (${sent}) does not match the expected number of params (${expected})`,
  }),
  internal: (): GraphError => ({
    status: 500,
    code: 1,
    message: 'An unknown error has occurred.',
    type: 'OAuthException',
  }),
} as const;

export function sendGraphError(reply: FastifyReply, error: GraphError): FastifyReply {
  const body: GraphErrorBody = {
    error: {
      message: error.message,
      type: error.type ?? 'OAuthException',
      code: error.code,
      ...(error.subcode === undefined ? {} : { error_subcode: error.subcode }),
      ...(error.details === undefined
        ? {}
        : { error_data: { messaging_product: 'whatsapp' as const, details: error.details } }),
      fbtrace_id: fbtraceId(),
    },
  };
  reply.log.info({ graphError: body.error }, 'whatsapp error answered');
  if (error.code === 190)
    reply.header(
      'www-authenticate',
      'OAuth "Facebook Platform" "invalid_token" "Invalid OAuth access token - Cannot parse access token"',
    );
  return reply.code(error.status).type('application/json').send(body);
}

/** Unknown routes and thrown errors (bad JSON...) under /whatsapp answer in Meta's shape. */
export function installGraphErrorHandling(scope: FastifyInstance): void {
  scope.setNotFoundHandler((request, reply) =>
    sendGraphError(reply, GRAPH_ERRORS.unknownPath(request.url.split('?')[0] ?? '')),
  );
  scope.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return sendGraphError(reply, GRAPH_ERRORS.invalidParameter(error.message));
    request.log.error({ err: error }, 'whatsapp sandbox route failed');
    return sendGraphError(reply, GRAPH_ERRORS.internal());
  });
}
