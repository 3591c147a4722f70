import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { parseOr400, sendSandboxError } from '../http/sandbox-errors';
import { C2B_TRANSACTION_TYPES, type C2bLedger, type C2bTransaction } from './c2b-ledger';
import { MAX_TRANSACTION_AMOUNT, MSISDN, SHORTCODE } from './daraja-fields';
import { pick } from '../http/pick';

const paymentBody = z.object({
  shortCode: z.string().regex(SHORTCODE, 'shortCode must be 5-7 digits'),
  amount: z.number().int().min(1).max(MAX_TRANSACTION_AMOUNT),
  msisdn: z.string().regex(MSISDN, 'msisdn must look like 2547XXXXXXXX or 2541XXXXXXXX'),
  billRefNumber: z.string().max(20).default(''),
  transactionType: z.enum(C2B_TRANSACTION_TYPES).default('Pay Bill'),
  firstName: z.string().min(1).max(50).default('John'),
  validate: z.boolean().default(false),
});
const transIdParams = z.object({ transId: z.string().min(1) });

/** Ledger view of a C2B payment: the unmasked MSISDN is fine here (admin only), URLs are not shown. */
function publicC2bTransaction(tx: C2bTransaction) {
  return {
    TransID: tx.transId,
    TransTime: tx.transTime,
    TransactionType: tx.transactionType,
    ...pick(tx, [
      'shortCode',
      'amount',
      'msisdn',
      'billRefNumber',
      'firstName',
      'status',
      'validation',
      'confirmations',
      'createdAt',
    ]),
  };
}

/** Mounted under /__admin/daraja: simulate customers paying from their phone menu (C2B). */
export function c2bAdminRoutes(ledger: C2bLedger): FastifyPluginAsync {
  return async (admin) => {
    admin.post('/c2b/payments', async (request, reply) => {
      const body = parseOr400(reply, paymentBody, request.body ?? {}, {
        message: 'shortCode, amount and msisdn are required',
      });
      if (body === undefined) return reply;
      const tx = await ledger.pay(body);
      if (tx === null) {
        return sendSandboxError(
          reply,
          409,
          'c2b_urls_not_registered',
          `Shortcode ${body.shortCode} has no registered C2B URLs: call /mpesa/c2b/v1/registerurl first`,
        );
      }
      return reply.code(201).send({ transaction: publicC2bTransaction(tx) });
    });

    /** Delivers a completed payment's confirmation again, as a duplicate notification. */
    admin.post('/c2b/payments/:transId/resend', async (request, reply) => {
      const { transId } = transIdParams.parse(request.params);
      const existing = ledger.get(transId);
      if (!existing) return sendSandboxError(reply, 404, 'not_found', `No C2B payment ${transId}`);
      if (existing.status !== 'completed')
        return sendSandboxError(
          reply,
          409,
          'c2b_payment_rejected',
          `C2B payment ${transId} was rejected; it has no confirmation to resend`,
        );
      const tx = (await ledger.resend(transId))!;
      return { transaction: publicC2bTransaction(tx) };
    });

    admin.get('/c2b/transactions', async () => ({ transactions: ledger.all().map(publicC2bTransaction) }));

    admin.get('/c2b/registrations', async () => ({
      registrations: ledger.allRegistrations().map((r) => ({
        shortCode: r.shortCode,
        responseType: r.responseType,
        // Origins only: the paths may carry a per-tenant secret.
        confirmationOrigin: new URL(r.confirmationUrl).origin,
        validationOrigin: new URL(r.validationUrl).origin,
        registeredAt: r.registeredAt,
      })),
    }));
  };
}
