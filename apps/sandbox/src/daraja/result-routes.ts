import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { validateB2c } from './b2c-validation';
import { DARAJA_ERRORS, invalidField, sendDarajaError } from './daraja-errors';
import { jsonBodyOf } from './mpesa-scope';
import type { AsyncEntry, ResultLedger } from './result-ledger';
import { validateReversal } from './reversal-validation';

/** The synchronous answer both APIs give before the Result arrives (reference 1.6). */
function sendAccepted(reply: FastifyReply, entry: AsyncEntry): FastifyReply {
  return reply.code(200).send({
    OriginatorConversationID: entry.originatorConversationId,
    ConversationID: entry.conversationId,
    ResponseCode: '0',
    ResponseDescription: 'Accept the service request successfully.',
  });
}

/** Reversal and B2C (reference 1.6), inside the /mpesa scope (Bearer token required). */
export function darajaResultRoutes(ledger: ResultLedger): FastifyPluginAsync {
  return async (scope) => {
    scope.post('/reversal/v1/request', async (request, reply) => {
      const parsed = validateReversal(jsonBodyOf(request));
      if (!parsed.ok) return sendDarajaError(reply, invalidField(parsed.field));
      return sendAccepted(reply, ledger.acceptReversal(parsed.value));
    });

    // v3 is current; v1 is what older SDKs still call.
    for (const path of ['/b2c/v3/paymentrequest', '/b2c/v1/paymentrequest']) {
      scope.post(path, async (request, reply) => {
        const parsed = validateB2c(jsonBodyOf(request));
        if (!parsed.ok) return sendDarajaError(reply, invalidField(parsed.field));
        if (ledger.hasB2cOriginator(parsed.value.originatorConversationId))
          return sendDarajaError(reply, DARAJA_ERRORS.duplicateOriginatorConversationId);
        return sendAccepted(reply, ledger.acceptB2c(parsed.value));
      });
    }
  };
}
