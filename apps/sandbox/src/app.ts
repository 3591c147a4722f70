import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { adminRoutes } from './admin/admin-routes';
import { createAlertmanagerProvider } from './alertmanager';
import { createDarajaProvider } from './daraja';
import { createDeliveryPartnerProvider } from './delivery-partner';
import { createDnsProvider } from './dns';
import { createEmailProvider } from './email';
import { createEtimsProvider } from './etims';
import { installSandboxErrorHandling } from './http/sandbox-errors';
import type { SandboxProvider } from './provider';
import { createSmsProvider } from './sms';
import { createWhatsAppProvider } from './whatsapp';
import { createPushProvider } from './push';

export interface SandboxOptions {
  /** pino level; 'silent' for tests. Default 'info'. */
  logLevel?: string;
  /** Shared secret the delivery partner sends with its webhooks (x-webhook-secret). */
  deliveryPartnerWebhookSecret?: string;
  /** Port of the SMTP mail sink (0 = any free port; GET /__admin/email/server tells which). Omitted = no SMTP server. */
  smtpPort?: number;
  /** Interface the SMTP sink listens on. Default 127.0.0.1. */
  smtpHost?: string;
  /** If smtpPort is taken, use a free port instead of failing to start. */
  smtpPortFallback?: boolean;
  /** Where the eTIMS sandbox keeps what KRA would remember across restarts (omitted = memory only). */
  etimsStateFile?: string;
}

/**
 * Local stand-ins for the third parties Sokoni talks to. Each provider answers exactly in its own
 * wire format; the sandbox's own routes (/healthz, /__admin) use `{ error: { code, message, details } }`.
 * State is per instance, so tests may run several sandboxes side by side.
 */
export async function buildSandbox(options: SandboxOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: options.logLevel ?? 'info',
      base: { service: 'sandbox' },
      redact: ['req.headers.authorization'],
    },
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
  });

  installSandboxErrorHandling(app);

  const providers: SandboxProvider[] = [
    createDarajaProvider(),
    createDeliveryPartnerProvider({ webhookSecret: options.deliveryPartnerWebhookSecret }),
    createWhatsAppProvider(),
    createSmsProvider(),
    createEmailProvider({
      smtpPort: options.smtpPort,
      smtpHost: options.smtpHost,
      smtpPortFallback: options.smtpPortFallback,
    }),
    createAlertmanagerProvider(),
    createEtimsProvider({ stateFile: options.etimsStateFile }),
    createDnsProvider(),
    createPushProvider(),
  ];

  app.get('/healthz', async () => ({ status: 'ok' }));
  await app.register(adminRoutes(providers), { prefix: '/__admin' });
  for (const provider of providers) await app.register(provider.routes);

  return app;
}
