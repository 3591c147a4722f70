import type { SandboxProvider } from '../provider';
import { darajaAdminRoutes } from './daraja-admin';
import { DarajaTokenStore, darajaOAuthRoutes } from './oauth';

/**
 * Safaricom Daraja stand-in. Each API area is one prefixed plugin (/oauth now; /mpesa for STK
 * push, query, reversal and B2C later) sharing the token store; APIs other than OAuth put
 * `requireDarajaBearer(tokens)` in front of their routes.
 */
export function createDarajaProvider(): SandboxProvider {
  const tokens = new DarajaTokenStore();
  return {
    name: 'daraja',
    routes: async (app) => {
      await app.register(darajaOAuthRoutes(tokens), { prefix: '/oauth' });
    },
    admin: darajaAdminRoutes({ tokens }),
    reset: () => tokens.clear(),
  };
}
