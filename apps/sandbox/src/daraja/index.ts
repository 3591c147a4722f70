import type { FastifyBaseLogger } from 'fastify';
import type { SandboxProvider } from '../provider';
import { darajaAdminRoutes } from './daraja-admin';
import { DarajaTokenStore, darajaOAuthRoutes } from './oauth';
import { StkLedger } from './stk-ledger';
import { darajaStkRoutes } from './stk-routes';

/**
 * Safaricom Daraja stand-in. Each API area is one prefixed plugin (/oauth; /mpesa for STK push
 * and query, reversal and B2C later) sharing the token store; APIs other than OAuth put
 * `requireDarajaBearer(tokens)` in front of their routes. Scripted payer behaviour: SCENARIOS.md.
 */
export function createDarajaProvider(): SandboxProvider {
  const tokens = new DarajaTokenStore();
  let log: FastifyBaseLogger | undefined;
  const ledger = new StkLedger(() => log!);
  return {
    name: 'daraja',
    routes: async (app) => {
      log = app.log;
      app.addHook('onClose', async () => ledger.stop());
      await app.register(darajaOAuthRoutes(tokens), { prefix: '/oauth' });
      await app.register(darajaStkRoutes(tokens, ledger), { prefix: '/mpesa' });
    },
    admin: darajaAdminRoutes({ tokens, ledger }),
    reset: () => {
      tokens.clear();
      ledger.clear();
    },
  };
}
