import type { FastifyBaseLogger } from 'fastify';
import type { SandboxProvider } from '../provider';
import { c2bAdminRoutes } from './c2b-admin';
import { C2bLedger } from './c2b-ledger';
import { darajaC2bRoutes } from './c2b-routes';
import { darajaAdminRoutes } from './daraja-admin';
import { darajaMpesaScope } from './mpesa-scope';
import { DarajaTokenStore, darajaOAuthRoutes } from './oauth';
import { findReceivedPayment, paymentsReceived, type ReceivedPayment } from './payments-received';
import { PullBook, pullAdminRoutes, pullRoutes } from './pull-routes';
import { ReceiptBook } from './receipts';
import { resultAdminRoutes } from './result-admin';
import { ResultLedger } from './result-ledger';
import { darajaResultRoutes } from './result-routes';
import { statementAdminRoutes } from './statement';
import { StkLedger } from './stk-ledger';
import { darajaStkRoutes } from './stk-routes';

/**
 * Safaricom Daraja stand-in: /oauth, and under /mpesa (Bearer token) STK push and query, C2B URL
 * registration, reversal and B2C. One receipt book for all of them, so a reversal can find any
 * receipt and none ever repeats. Scripted behaviour: SCENARIOS.md (STK) and MONEY.md (the rest).
 */
export function createDarajaProvider(): SandboxProvider {
  const tokens = new DarajaTokenStore();
  let log: FastifyBaseLogger | undefined;
  const logger = () => log!;
  const receipts = new ReceiptBook();
  const stk = new StkLedger(logger, receipts);
  const c2b = new C2bLedger(logger, receipts);
  const results = new ResultLedger(logger, receipts, (receipt) => findReceivedPayment(stk, c2b, receipt));
  const pull = new PullBook();
  // Pull rows carry the STK push's AccountReference (C2B: the BillRefNumber the payer typed).
  const billReference = (p: ReceivedPayment) =>
    p.checkoutRequestId ? (stk.get(p.checkoutRequestId)?.request.accountReference ?? null) : p.billRefNumber;
  return {
    name: 'daraja',
    routes: async (app) => {
      log = app.log;
      app.addHook('onClose', async () => {
        stk.stop();
        c2b.stop();
        results.stop();
      });
      await app.register(darajaOAuthRoutes(tokens), { prefix: '/oauth' });
      await app.register(
        darajaMpesaScope(tokens, [darajaStkRoutes(stk), darajaC2bRoutes(c2b), darajaResultRoutes(results)]),
        { prefix: '/mpesa' },
      );
      await app.register(
        darajaMpesaScope(tokens, [pullRoutes(pull, () => paymentsReceived(stk, c2b), billReference)]),
        { prefix: '/pulltransactions' },
      );
    },
    admin: async (admin) => {
      await admin.register(darajaAdminRoutes({ tokens, ledger: stk }));
      await admin.register(c2bAdminRoutes(c2b));
      await admin.register(resultAdminRoutes(results));
      await admin.register(pullAdminRoutes(pull));
      await admin.register(
        statementAdminRoutes({ payments: () => paymentsReceived(stk, c2b), asyncEntries: () => results.all() }),
      );
    },
    reset: () => {
      tokens.clear();
      stk.clear();
      c2b.clear();
      results.clear();
      receipts.clear();
      pull.clear();
    },
  };
}
