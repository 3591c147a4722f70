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

/** Sandbox + API + worker wired together (the API's PUBLIC_API_URL is its own loopback URL). */
export async function startPaymentStack(db: TestDatabase, extra: Record<string, string> = {}): Promise<PaymentStack> {
  const sandbox = await startSandbox();
  const apiPort = await freePort();
  const env = paymentEnv(
    db,
    sandbox.url,
    { PUBLIC_API_URL: `http://127.0.0.1:${apiPort}`, ...extra },
    sandbox.smtpPort,
  );
  const api = await startApi({ ...env, PORT: String(apiPort) });
  const worker = await startWorker(env);
  // The stores' WhatsApp numbers and templates, as Meta would know them.
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
    sandboxUrl: sandbox.url,
    apiUrl: api.url,
    ...TEST_WHATSAPP,
    stores: stores.map((s) => ({ phoneNumberId: s.phone_number_id, displayPhoneNumber: s.whatsapp_number })),
  });
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
