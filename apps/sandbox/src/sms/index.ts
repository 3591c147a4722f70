import type { SandboxProvider } from '../provider';
import { africasTalkingRoutes } from './at-routes';
import { SmsOutbox } from './outbox';
import { smsAdminRoutes } from './sms-admin';

/**
 * Africa's Talking SMS stand-in (CONTRACT.md beside this file): `POST /africastalking/version1/messaging`
 * with the `apiKey` header, per-recipient outcomes scripted per number. Test controls under /__admin/sms.
 */
export function createSmsProvider(): SandboxProvider {
  const outbox = new SmsOutbox();
  return {
    name: 'sms',
    routes: async (app) => {
      await app.register(africasTalkingRoutes(outbox), { prefix: '/africastalking' });
    },
    admin: smsAdminRoutes(outbox),
    reset: () => outbox.clear(),
  };
}
