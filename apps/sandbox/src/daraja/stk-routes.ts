import type { FastifyPluginAsync } from 'fastify';
import { DARAJA_ERRORS, invalidField, sendDarajaError } from './daraja-errors';
import { jsonBodyOf } from './mpesa-scope';
import type { StkLedger } from './stk-ledger';
import {
  passwordMatches,
  validateStkPush,
  validateStkQuery,
  type StkCredentials,
  type Validated,
} from './stk-validation';

const ACCEPTED = 'Success. Request accepted for processing';
/** Daraja's own spelling (reference 1.4). */
const QUERY_ACCEPTED = 'The service request has been accepted successsfully';

/**
 * An STK request whose fields are valid and whose Password matches a passkey of its shortcode;
 * else the Daraja error to answer: the first invalid field (400), then wrong credentials (500).
 */
function authenticated<T extends StkCredentials>(
  parsed: Validated<T>,
  ledger: StkLedger,
): { ok: true; request: T } | { ok: false; error: ReturnType<typeof invalidField> } {
  if (!parsed.ok) return { ok: false, error: invalidField(parsed.field) };
  if (!passwordMatches(parsed.value, ledger.passkeysFor(parsed.value.businessShortCode)))
    return { ok: false, error: DARAJA_ERRORS.wrongCredentials };
  return { ok: true, request: parsed.value };
}

/** STK push and STK query (reference 1.2-1.4), inside the /mpesa scope (Bearer token required). */
export function darajaStkRoutes(ledger: StkLedger): FastifyPluginAsync {
  return async (scope) => {
    scope.post('/stkpush/v1/processrequest', async (request, reply) => {
      const checked = authenticated(validateStkPush(jsonBodyOf(request)), ledger);
      if (!checked.ok) return sendDarajaError(reply, checked.error);
      const push = checked.request;
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
      const checked = authenticated(validateStkQuery(jsonBodyOf(request)), ledger);
      if (!checked.ok) return sendDarajaError(reply, checked.error);
      const query = checked.request;

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
