import type { FastifyPluginAsync } from 'fastify';
import { DARAJA_ERRORS, invalidField, sendDarajaError } from './daraja-errors';
import { jsonBodyOf } from './mpesa-scope';
import type { StkLedger } from './stk-ledger';
import { passwordMatches, validateStkPush, validateStkQuery } from './stk-validation';

const ACCEPTED = 'Success. Request accepted for processing';
/** Daraja's own spelling (reference 1.4). */
const QUERY_ACCEPTED = 'The service request has been accepted successsfully';

/** STK push and STK query (reference 1.2-1.4), inside the /mpesa scope (Bearer token required). */
export function darajaStkRoutes(ledger: StkLedger): FastifyPluginAsync {
  return async (scope) => {
    scope.post('/stkpush/v1/processrequest', async (request, reply) => {
      const parsed = validateStkPush(jsonBodyOf(request));
      if (!parsed.ok) return sendDarajaError(reply, invalidField(parsed.field));
      const push = parsed.value;
      if (!passwordMatches(push, ledger.passkeysFor(push.businessShortCode)))
        return sendDarajaError(reply, DARAJA_ERRORS.wrongCredentials);
      if (ledger.hasPending(push.phoneNumber)) return sendDarajaError(reply, DARAJA_ERRORS.subscriberLocked);

      const tx = ledger.accept(push);
      return reply.code(200).send({
        MerchantRequestID: tx.merchantRequestId,
        CheckoutRequestID: tx.checkoutRequestId,
        ResponseCode: '0',
        ResponseDescription: ACCEPTED,
        CustomerMessage: ACCEPTED,
      });
    });

    scope.post('/stkpushquery/v1/query', async (request, reply) => {
      const parsed = validateStkQuery(jsonBodyOf(request));
      if (!parsed.ok) return sendDarajaError(reply, invalidField(parsed.field));
      const query = parsed.value;
      if (!passwordMatches(query, ledger.passkeysFor(query.businessShortCode)))
        return sendDarajaError(reply, DARAJA_ERRORS.wrongCredentials);

      const tx = ledger.get(query.checkoutRequestId);
      if (!tx || tx.request.businessShortCode !== query.businessShortCode)
        return sendDarajaError(reply, invalidField('CheckoutRequestID'));
      if (tx.status === 'pending' || tx.result === null) return sendDarajaError(reply, DARAJA_ERRORS.stillProcessing);
      // No receipt and no amount in the query answer; ResultCode is a string here (reference 1.4).
      return reply.code(200).send({
        ResponseCode: '0',
        ResponseDescription: QUERY_ACCEPTED,
        MerchantRequestID: tx.merchantRequestId,
        CheckoutRequestID: tx.checkoutRequestId,
        ResultCode: String(tx.result.code),
        ResultDesc: tx.result.desc,
      });
    });
  };
}
