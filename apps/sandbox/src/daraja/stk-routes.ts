import type { FastifyPluginAsync } from 'fastify';
import { DARAJA_ERRORS, installDarajaErrorHandling, invalidField, sendDarajaError } from './daraja-errors';
import { requireDarajaBearer, type DarajaTokenStore } from './oauth';
import type { StkLedger } from './stk-ledger';
import { passwordMatches, validateStkPush, validateStkQuery } from './stk-validation';

const ACCEPTED = 'Success. Request accepted for processing';
/** Daraja's own spelling (reference 1.4). */
const QUERY_ACCEPTED = 'The service request has been accepted successsfully';

function isJson(contentType: string | undefined): boolean {
  return /^application\/json\b/i.test(contentType ?? '');
}

/** Mounted at /mpesa. STK push and STK query (reference 1.2-1.4); Bearer token required. */
export function darajaStkRoutes(tokens: DarajaTokenStore, ledger: StkLedger): FastifyPluginAsync {
  return async (scope) => {
    installDarajaErrorHandling(scope);
    // Token first, before the body is even parsed, as Daraja's gateway does.
    scope.addHook('onRequest', requireDarajaBearer(tokens));
    // Non-JSON bodies reach the handler as text so they answer "Invalid BusinessShortCode"
    // (reference 1.1: a missing content type surfaces that way) rather than a media-type error.
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

    scope.post('/stkpush/v1/processrequest', async (request, reply) => {
      const parsed = validateStkPush(isJson(request.headers['content-type']) ? request.body : null);
      if (!parsed.ok) return sendDarajaError(reply, invalidField(parsed.field));
      const push = parsed.value;
      if (!passwordMatches(push, ledger.passkeysFor(push.businessShortCode))) return sendDarajaError(reply, DARAJA_ERRORS.wrongCredentials);
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
      const parsed = validateStkQuery(isJson(request.headers['content-type']) ? request.body : null);
      if (!parsed.ok) return sendDarajaError(reply, invalidField(parsed.field));
      const query = parsed.value;
      if (!passwordMatches(query, ledger.passkeysFor(query.businessShortCode))) return sendDarajaError(reply, DARAJA_ERRORS.wrongCredentials);

      const tx = ledger.get(query.checkoutRequestId);
      if (!tx || tx.request.businessShortCode !== query.businessShortCode) return sendDarajaError(reply, invalidField('CheckoutRequestID'));
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
