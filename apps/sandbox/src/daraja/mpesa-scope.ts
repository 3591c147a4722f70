import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { installDarajaErrorHandling } from './daraja-errors';
import { requireDarajaBearer, type DarajaTokenStore } from './oauth';

/**
 * The /mpesa prefix: every Daraja API other than OAuth (STK, C2B, reversal, B2C). One scope so the
 * Daraja error format, the Bearer check and the body parsing are set once for all of them
 * (Fastify allows one not-found handler per prefix).
 */
export function darajaMpesaScope(tokens: DarajaTokenStore, apis: readonly FastifyPluginAsync[]): FastifyPluginAsync {
  return async (scope) => {
    installDarajaErrorHandling(scope);
    // Token first, before the body is even parsed, as Daraja's gateway does.
    scope.addHook('onRequest', requireDarajaBearer(tokens));
    // Non-JSON bodies reach the handler as text so they answer "Invalid <first field>"
    // (reference 1.1: a missing content type surfaces that way) rather than a media-type error.
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    for (const api of apis) await scope.register(api);
  };
}

/** The parsed JSON body, or null when the request was not sent as application/json. */
export function jsonBodyOf(request: FastifyRequest): unknown {
  return /^application\/json\b/i.test(request.headers['content-type'] ?? '') ? request.body : null;
}
