import type { FastifyBaseLogger } from 'fastify';
import type { SandboxProvider } from '../provider';
import { whatsappAdminRoutes } from './admin';
import { whatsappRoutes } from './routes';
import { WhatsAppStore } from './store';

/**
 * WhatsApp Business Cloud API stand-in (CONTRACT.md beside this file): the send endpoint under
 * /whatsapp (Bearer token), signed webhooks for statuses and inbound messages, the 24-hour window,
 * scripted delivery outcomes. Test controls under /__admin/whatsapp.
 */
export function createWhatsAppProvider(): SandboxProvider {
  let log: FastifyBaseLogger | undefined;
  const store = new WhatsAppStore(() => log!);
  return {
    name: 'whatsapp',
    routes: async (app) => {
      log = app.log;
      app.addHook('onClose', async () => store.stop());
      await app.register(whatsappRoutes(store), { prefix: '/whatsapp' });
    },
    admin: whatsappAdminRoutes(store),
    reset: () => store.clear(),
  };
}
