import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { parseOr400, sendSandboxError } from '../http/sandbox-errors';
import type { DarajaTokenStore } from './oauth';
import type { StkLedger, StkTransaction } from './stk-ledger';
import { SCENARIO_BY_SUFFIX, STK_SCENARIOS } from './stk-scenarios';
import { MAX_STK_AMOUNT } from './stk-validation';
import { pick } from '../http/pick';

const tokenParams = z.object({ token: z.string().min(1) });
const scenarioBody = z.object({
  phone: z.string().regex(/^254(7|1)\d{8}$/, 'phone must look like 2547XXXXXXXX or 2541XXXXXXXX'),
  scenario: z.enum(STK_SCENARIOS),
  delayMs: z.number().int().min(0).max(600_000).optional(),
  amount: z.number().int().min(1).max(MAX_STK_AMOUNT).optional(),
  resultCode: z.number().int().min(0).optional(),
});
const passkeyBody = z.object({
  businessShortCode: z.string().regex(/^\d{5,7}$/),
  passkey: z.string().min(1).max(200),
});

/** Ledger view: no Password, and only the origin of the CallBackURL (its path may hold a secret). */
function publicTransaction(tx: StkTransaction) {
  const r = tx.request;
  return {
    MerchantRequestID: tx.merchantRequestId,
    CheckoutRequestID: tx.checkoutRequestId,
    BusinessShortCode: r.businessShortCode,
    TransactionType: r.transactionType,
    Amount: r.amount,
    PartyA: r.partyA,
    PartyB: r.partyB,
    PhoneNumber: r.phoneNumber,
    AccountReference: r.accountReference,
    TransactionDesc: r.transactionDesc,
    callBackOrigin: new URL(r.callBackUrl).origin,
    scenario: tx.plan.scenario,
    status: tx.status,
    ResultCode: tx.result?.code ?? null,
    ResultDesc: tx.result?.desc ?? null,
    MpesaReceiptNumber: tx.receiptNumber,
    paidAmount: tx.result?.code === 0 ? tx.plan.paidAmount : null,
    TransactionDate: tx.transactionDate,
    ...pick(tx, ['createdAt', 'completedAt', 'callbacks']),
  };
}

/** Mounted at /__admin/daraja. Inspection and scripting for tests and tooling; never exposes secrets. */
export function darajaAdminRoutes(state: { tokens: DarajaTokenStore; ledger: StkLedger }): FastifyPluginAsync {
  return async (admin) => {
    admin.get('/tokens', async () => {
      const credentials = state.tokens.activeTokensByConsumerKey();
      return { credentials, totalActiveTokens: credentials.reduce((sum, c) => sum + c.activeTokens, 0) };
    });

    admin.get('/tokens/:token', async (request, reply) => {
      const params = parseOr400(reply, tokenParams, request.params, { message: 'token is required' });
      if (params === undefined) return reply;
      return { valid: state.tokens.verifyBearer(params.token) !== null };
    });

    /** Scripts every later STK push to `phone` (until reset); wins over the phone-suffix table. */
    admin.post('/scenarios', async (request, reply) => {
      const body = parseOr400(reply, scenarioBody, request.body ?? {}, {
        message: 'phone and a known scenario are required',
        details: { scenarios: STK_SCENARIOS },
      });
      if (body === undefined) return reply;
      const { phone, ...override } = body;
      state.ledger.setOverride(phone, override);
      return reply.code(201).send({ phone, ...override });
    });

    admin.get('/scenarios', async () => ({
      overrides: state.ledger.listOverrides(),
      bySuffix: SCENARIO_BY_SUFFIX,
      default: 'pays',
    }));

    /** Registers a passkey for a shortcode; the public sandbox passkey is always accepted. Never listed. */
    admin.post('/passkeys', async (request, reply) => {
      const body = parseOr400(reply, passkeyBody, request.body ?? {}, {
        message: 'businessShortCode (5-7 digits) and passkey are required',
      });
      if (body === undefined) return reply;
      state.ledger.registerPasskey(body.businessShortCode, body.passkey);
      return reply.code(201).send({ businessShortCode: body.businessShortCode });
    });

    admin.get('/transactions', async () => ({ transactions: state.ledger.all().map(publicTransaction) }));

    admin.get('/transactions/:id', async (request, reply) => {
      const { id } = z.object({ id: z.string() }).parse(request.params);
      const tx = state.ledger.get(id);
      if (!tx) return sendSandboxError(reply, 404, 'not_found', `No STK transaction ${id}`);
      return { transaction: publicTransaction(tx) };
    });
  };
}
