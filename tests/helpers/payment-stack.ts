import { TEST_MPESA_ENCRYPTION_KEY, withClient, type TestDatabase } from './database';
// Plain JS shared with scripts/start.mjs (typed by inference: tests/tsconfig.json allows JS).
import { configureSandboxWhatsApp } from '../../scripts/lib/sandbox-setup.mjs';
import {
  freePort,
  serverEnv,
  startApi,
  startRaw,
  startWorker,
  type RunningApi,
  type RunningProcess,
} from './processes';

export { TEST_MPESA_ENCRYPTION_KEY };

/** Starts the real sandbox (apps/sandbox/dist/main.js) on a free port. */
export async function startSandbox(
  extra: Record<string, string> = {},
): Promise<RunningProcess & { url: string; smtpPort: number }> {
  const port = await freePort();
  const proc = startRaw(process.execPath, ['apps/sandbox/dist/main.js'], {
    PATH: process.env.PATH,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    SMTP_PORT: '0',
    ...extra,
  });
  const [, smtp] = await Promise.all([
    proc.waitForLog((e) => String(e.msg).startsWith('Server listening')),
    proc.waitForLog((e) => e.msg === 'smtp listening'),
  ]).catch(async (error: unknown) => {
    await proc.stop('SIGKILL');
    throw error;
  });
  return { ...proc, url: `http://127.0.0.1:${port}`, smtpPort: Number(smtp.port) };
}

/** The app secret and verify token tests run the WhatsApp webhook with. */
export const TEST_WHATSAPP = { appSecret: 'test-whatsapp-app-secret-0000', verifyToken: 'test-whatsapp-verify-token' };

/**
 * Environment for an API and worker that take M-Pesa payments through the sandbox, with short
 * timings so tests do not wait minutes for an STK Query (production waits 30 s).
 */
export function paymentEnv(
  db: TestDatabase,
  sandboxUrl: string,
  extra: Record<string, string> = {},
  smtpPort = 4025,
): NodeJS.ProcessEnv {
  return serverEnv(db, {
    WHATSAPP_BASE_URL: `${sandboxUrl}/whatsapp`,
    WHATSAPP_APP_SECRET: TEST_WHATSAPP.appSecret,
    WHATSAPP_VERIFY_TOKEN: TEST_WHATSAPP.verifyToken,
    SMS_BASE_URL: `${sandboxUrl}/africastalking`,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    DARAJA_BASE_URL: sandboxUrl,
    DARAJA_STATEMENT_URL: `${sandboxUrl}/__admin/daraja/statement`,
    MPESA_QUERY_AFTER_MS: '1500',
    MPESA_QUERY_MAX_ATTEMPTS: '4',
    MPESA_STATUS_QUERY_AFTER_MS: '1500',
    MPESA_CALLBACK_IP_ALLOWLIST: '',
    MPESA_UNKNOWN_CALLBACK_GRACE_MS: '1500',
    ETIMS_BASE_URL: `${sandboxUrl}/etims-api`,
    ETIMS_TIMEOUT_MS: '3000',
    ETIMS_RETRY_DELAY_MS: '400',
    DNS_SANDBOX_URL: `${sandboxUrl}/dns-query`,
    ...extra,
  });
}

export interface PaymentStack {
  sandbox: RunningProcess & { url: string; smtpPort: number };
  api: RunningApi;
  worker: RunningProcess;
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/**
 * The API's settings for the sandbox's delivery partner (webhooks signed with `secret`, which the
 * sandbox must be started with as DELIVERY_PARTNER_WEBHOOK_SECRET); a short timeout for the outage tests.
 */
export function deliveryPartnerEnv(sandboxUrl: string, secret: string): Record<string, string> {
  return {
    DELIVERY_PARTNER_BASE_URL: `${sandboxUrl}/delivery-partner`,
    DELIVERY_PARTNER_WEBHOOK_SECRET: secret,
    DELIVERY_PARTNER_TIMEOUT_MS: '3000',
  };
}

export interface PaymentStackOptions {
  /** Also wire the sandbox's delivery partner, its webhooks signed with this secret. */
  deliveryPartnerSecret?: string;
  /** Register the stores' WhatsApp numbers with the sandbox (default true); false leaves it unconfigured. */
  whatsapp?: boolean;
}

/** Tells the sandbox the stores' WhatsApp numbers and templates, as Meta would know them. */
export async function configureStoresWhatsApp(db: TestDatabase, sandboxUrl: string, apiUrl: string): Promise<void> {
  const stores = await withClient(
    db.ownerUrl,
    async (c) =>
      (
        await c.query<{ phone_number_id: string; whatsapp_number: string }>(
          `SELECT m.whatsapp_phone_number_id AS phone_number_id, t.whatsapp_number FROM messaging_settings m JOIN tenants t ON t.id = m.tenant_id
      WHERE m.whatsapp_phone_number_id IS NOT NULL`,
        )
      ).rows,
  );
  await configureSandboxWhatsApp({
    sandboxUrl,
    apiUrl,
    ...TEST_WHATSAPP,
    stores: stores.map((s) => ({ phoneNumberId: s.phone_number_id, displayPhoneNumber: s.whatsapp_number })),
  });
}

/**
 * Sandbox + API + worker wired together (the API's PUBLIC_API_URL is its own loopback URL).
 * `extra` adds to the API's and worker's environment.
 */
export async function startPaymentStack(
  db: TestDatabase,
  extra: Record<string, string> = {},
  options: PaymentStackOptions = {},
): Promise<PaymentStack> {
  const secret = options.deliveryPartnerSecret;
  const sandbox = await startSandbox(secret ? { DELIVERY_PARTNER_WEBHOOK_SECRET: secret } : {});
  const apiPort = await freePort();
  const env = paymentEnv(
    db,
    sandbox.url,
    {
      PUBLIC_API_URL: `http://127.0.0.1:${apiPort}`,
      ...(secret ? deliveryPartnerEnv(sandbox.url, secret) : {}),
      ...extra,
    },
    sandbox.smtpPort,
  );
  const api = await startApi({ ...env, PORT: String(apiPort) });
  const worker = await startWorker(env);
  if (options.whatsapp ?? true) await configureStoresWhatsApp(db, sandbox.url, api.url);
  return {
    sandbox,
    api,
    worker,
    env,
    async stop() {
      await Promise.all([worker.stop(), api.stop(), sandbox.stop()]);
    },
  };
}

// Waiting lives in wait.ts; re-exported for callers that imported it from here.
export { waitFor } from './wait';
