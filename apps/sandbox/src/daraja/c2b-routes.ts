import type { FastifyPluginAsync } from 'fastify';
import type { C2bLedger } from './c2b-ledger';
import { validateC2bRegistration } from './c2b-validation';
import { invalidField, sendDarajaError } from './daraja-errors';
import { jsonBodyOf } from './mpesa-scope';

/** C2B URL registration (reference 1.7), inside the /mpesa scope (Bearer token required). */
export function darajaC2bRoutes(ledger: C2bLedger): FastifyPluginAsync {
  return async (scope) => {
    // v1 is the sandbox's path and v2 production's; both behave the same.
    for (const path of ['/c2b/v1/registerurl', '/c2b/v2/registerurl']) {
      scope.post(path, async (request, reply) => {
        const parsed = validateC2bRegistration(jsonBodyOf(request));
        if (!parsed.ok) return sendDarajaError(reply, invalidField(parsed.field));
        const originatorConversationId = ledger.register(parsed.value);
        // "OriginatorCoversationID" is Daraja's own misspelling: clients read it that way.
        return reply.code(200).send({
          OriginatorCoversationID: originatorConversationId,
          ResponseCode: '0',
          ResponseDescription: 'Success',
        });
      });
    }
  };
}
