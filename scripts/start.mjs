#!/usr/bin/env node
// `npm start`: build, bring up Postgres and Redis (embedded/local when not configured), migrate,
// seed the demo, then run web :3000, api :4000, worker and sandbox :4010 until Ctrl-C.
import { spawn } from 'node:child_process';
import { build } from './lib/build.mjs';
import { ensurePostgres, ensureRedis, installSecret, ROOT, sleep } from './lib/services.mjs';

const log = (msg) => process.stdout.write(`[start] ${msg}\n`);
const ports = {
  web: Number(process.env.WEB_PORT ?? 3000),
  api: Number(process.env.API_PORT ?? 4000),
  sandbox: Number(process.env.SANDBOX_PORT ?? 4010),
  smtp: Number(process.env.SMTP_PORT ?? 4025),
};
const children = new Map();
const cleanups = [];
let stopping = false;

/**
 * VAPID keys for web push: VAPID_PUBLIC_KEY/VAPID_PRIVATE_KEY when set, else a P-256 pair generated
 * once into .data/vapid-keys.json (this install only; production sets its own). The push sandbox
 * accepts any pair that signs correctly.
 */
async function vapidKeys() {
  if (process.env.VAPID_PUBLIC_KEY && process.env.VAPID_PRIVATE_KEY)
    return { VAPID_PUBLIC_KEY: process.env.VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY: process.env.VAPID_PRIVATE_KEY };
  const [{ readFile, writeFile, mkdir }, { createECDH }, path] = await Promise.all([
    import('node:fs/promises'),
    import('node:crypto'),
    import('node:path'),
  ]);
  const file = path.join(ROOT, '.data', 'vapid-keys.json');
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const keys = {
      VAPID_PUBLIC_KEY: ecdh.getPublicKey().toString('base64url'),
      VAPID_PRIVATE_KEY: ecdh.getPrivateKey().toString('base64url'),
    };
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify(keys)}\n`, { mode: 0o600 });
    return keys;
  }
}

async function main() {
  build();
  // Imported after the build: it loads the compiled @sokoni/db.
  const { appRole, mediaDir, migrate, seed } = await import('./lib/database.mjs');
  const postgres = await ensurePostgres();
  cleanups.push(postgres.stop);
  const redis = await ensureRedis();
  cleanups.push(redis.stop);

  const migrated = await migrate(postgres.ownerUrl);
  log(
    `migrations: ${migrated.applied.length} applied, ${migrated.alreadyApplied.length} already there; app role "${appRole().role}" ready`,
  );
  // Seals the demo stores' Daraja sandbox credentials (and later an owner's real ones).
  process.env.MPESA_ENCRYPTION_KEY ??= await installSecret('mpesa-encryption-key');
  const seeded = await seed(postgres.ownerUrl);
  log(
    `seed: ${seeded.stores.map((s) => `${s.slug} (${s.products} products)`).join(', ')}; ${seeded.areas} Nairobi areas`,
  );

  const serverEnv = {
    ...process.env,
    CART_TOKEN_SECRET: process.env.CART_TOKEN_SECRET ?? (await installSecret('cart-token-secret')),
    // The seo worker tells the web app which cached pages to drop after a catalog edit.
    REVALIDATE_SECRET: process.env.REVALIDATE_SECRET ?? (await installSecret('revalidate-secret')),
    WEB_REVALIDATE_URL: process.env.WEB_REVALIDATE_URL ?? `http://127.0.0.1:${ports.web}/api/revalidate`,
    STOREFRONT_URL_TEMPLATE: process.env.STOREFRONT_URL_TEMPLATE ?? `http://{slug}.localhost:${ports.web}`,
    // The api checks it and the sandbox's delivery partner sends it with every webhook.
    DELIVERY_PARTNER_WEBHOOK_SECRET:
      process.env.DELIVERY_PARTNER_WEBHOOK_SECRET ?? (await installSecret('delivery-partner-webhook-secret')),
    DELIVERY_PARTNER_BASE_URL:
      process.env.DELIVERY_PARTNER_BASE_URL ?? `http://127.0.0.1:${ports.sandbox}/delivery-partner`,
    PUBLIC_API_URL: process.env.PUBLIC_API_URL ?? `http://127.0.0.1:${ports.api}`,
    // M-Pesa goes to the local Daraja sandbox; the real Daraja is a change of this URL.
    DARAJA_BASE_URL: process.env.DARAJA_BASE_URL ?? `http://127.0.0.1:${ports.sandbox}`,
    DARAJA_STATEMENT_URL:
      process.env.DARAJA_STATEMENT_URL ?? `http://127.0.0.1:${ports.sandbox}/__admin/daraja/statement`,
    // WhatsApp, SMS and email through the sandbox too (its SMTP sink listens on SMTP_PORT).
    WHATSAPP_BASE_URL: process.env.WHATSAPP_BASE_URL ?? `http://127.0.0.1:${ports.sandbox}/whatsapp`,
    WHATSAPP_APP_SECRET: process.env.WHATSAPP_APP_SECRET ?? (await installSecret('whatsapp-app-secret')),
    WHATSAPP_VERIFY_TOKEN: process.env.WHATSAPP_VERIFY_TOKEN ?? (await installSecret('whatsapp-verify-token')),
    SMS_BASE_URL: process.env.SMS_BASE_URL ?? `http://127.0.0.1:${ports.sandbox}/africastalking`,
    ETIMS_BASE_URL: process.env.ETIMS_BASE_URL ?? `http://127.0.0.1:${ports.sandbox}/etims-api`,
    SMTP_URL: process.env.SMTP_URL ?? `smtp://127.0.0.1:${ports.smtp}`,
    // Web push for the owner PWA (docs/owner-alerts.md): a VAPID key pair made once per install.
    ...(await vapidKeys()),
    DATABASE_URL: postgres.ownerUrl,
    REDIS_URL: redis.redisUrl,
    MEDIA_DIR: mediaDir(),
    // A local stack, not production: NODE_ENV=production would (rightly) refuse the embedded
    // Postgres password and the sandbox credentials, which are written in this repository.
    NODE_ENV: process.env.NODE_ENV ?? 'development',
    NEXT_TELEMETRY_DISABLED: '1',
  };
  run('api', 'node', ['apps/api/dist/main.js'], { ...serverEnv, PORT: String(ports.api) });
  run('worker', 'node', ['apps/api/dist/worker.main.js'], serverEnv);
  run('sandbox', 'node', ['apps/sandbox/dist/main.js'], {
    ...serverEnv,
    PORT: String(ports.sandbox),
    SMTP_PORT: String(ports.smtp),
    // KRA remembers the demo store's eTIMS device across restarts; so does the sandbox.
    ETIMS_SANDBOX_STATE_FILE: process.env.ETIMS_SANDBOX_STATE_FILE ?? 'var/etims-sandbox.json',
  });
  // The web's own server (apps/web/server.mjs: Next behind a socket-aware X-Forwarded-For),
  // run by node directly, not npm: signals must reach the server itself so Ctrl-C stops it.
  // The web runs as production (a built app); the api and worker above run as development.
  run(
    'web',
    process.execPath,
    // Heap capped as in the Dockerfile (bench:web: 563 MB peak RSS uncapped, ~255 MB capped).
    ['--max-old-space-size=160', 'server.mjs'],
    {
      ...serverEnv,
      NODE_ENV: process.env.NODE_ENV ?? 'production',
      API_URL: `http://127.0.0.1:${ports.api}`,
      PORT: String(ports.web),
    },
    'apps/web',
  );

  await waitFor(`http://127.0.0.1:${ports.api}/readyz`, 'api');
  await waitFor(`http://127.0.0.1:${ports.web}/`, 'web');
  await configureDemoWhatsApp(postgres.ownerUrl, serverEnv);
  await switchOnDemoEtims();
  const { DEMO_CUSTOM_DOMAIN } = await import('@sokoni/db/dist/seed/index.js');
  log('Sokoni is up. Demo stores:');
  for (const s of seeded.stores)
    log(
      s.slug === DEMO_CUSTOM_DOMAIN.store
        ? // Its subdomain 301s to the verified custom domain; a browser needs that name on 127.0.0.1 (/etc/hosts).
          `  http://127.0.0.1:${ports.web}/s/${s.slug}   (or its custom domain http://${DEMO_CUSTOM_DOMAIN.host}:${ports.web}/ once /etc/hosts maps it to 127.0.0.1; curl -H 'Host: ${DEMO_CUSTOM_DOMAIN.host}' http://127.0.0.1:${ports.web}/)`
        : `  http://127.0.0.1:${ports.web}/s/${s.slug}   (or http://${s.slug}.localhost:${ports.web}/)`,
    );
  log(
    `API http://127.0.0.1:${ports.api}  (/healthz /readyz /metrics)  sandbox http://127.0.0.1:${ports.sandbox}  - Ctrl-C stops everything`,
  );
}

/** eTIMS on for the demo store (seeded settings; the device is initialised against the sandbox once). */
async function switchOnDemoEtims() {
  const { DEMO_ETIMS, DEMO_PASSWORD } = await import('@sokoni/db/dist/seed/index.js');
  const api = `http://127.0.0.1:${ports.api}`;
  try {
    const login = await fetch(`${api}/v1/owner/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        store: DEMO_ETIMS.store,
        email: `owner@${DEMO_ETIMS.store}.sokoni.test`,
        password: DEMO_PASSWORD,
      }),
    });
    const { accessToken } = await login.json();
    const res = await fetch(`${api}/v1/owner/settings/etims`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ kraPin: DEMO_ETIMS.kraPin, deviceSerial: DEMO_ETIMS.deviceSerial, enabled: true }),
    });
    const body = await res.json();
    log(
      res.ok
        ? `eTIMS: on for ${DEMO_ETIMS.store} (device ${body.settings.initialised?.sdcId})`
        : `eTIMS: ${DEMO_ETIMS.store} not switched on: ${body.error?.message}`,
    );
  } catch (error) {
    log(`eTIMS: ${DEMO_ETIMS.store} not switched on: ${error.message}`);
  }
}

/** The demo stores' WhatsApp numbers and message templates, as Meta would know them. */
async function configureDemoWhatsApp(ownerUrl, env) {
  const { configureSandboxWhatsApp } = await import('./lib/sandbox-setup.mjs');
  const { default: pg } = await import('pg');
  const client = new pg.Client(ownerUrl);
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT m.whatsapp_phone_number_id AS id, t.whatsapp_number FROM messaging_settings m JOIN tenants t ON t.id = m.tenant_id WHERE m.whatsapp_phone_number_id IS NOT NULL`,
    );
    await waitFor(`http://127.0.0.1:${ports.sandbox}/__admin/whatsapp/config`, 'sandbox');
    const results = await configureSandboxWhatsApp({
      sandboxUrl: `http://127.0.0.1:${ports.sandbox}`,
      apiUrl: `http://127.0.0.1:${ports.api}`,
      appSecret: env.WHATSAPP_APP_SECRET,
      verifyToken: env.WHATSAPP_VERIFY_TOKEN,
      stores: rows.map((r) => ({ phoneNumberId: r.id, displayPhoneNumber: r.whatsapp_number })),
    });
    log(
      `WhatsApp sandbox: ${results.filter((r) => r.verified).length}/${results.length} store numbers verified their webhook`,
    );
  } finally {
    await client.end();
  }
}

function run(name, cmd, args, env, cwd = '.') {
  const child = spawn(cmd, args, { cwd: `${ROOT}/${cwd}`, env, stdio: ['ignore', 'inherit', 'inherit'] });
  children.set(name, child);
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      log(`${name} exited unexpectedly (code ${code}, signal ${signal}); stopping everything`);
      void shutdown(1);
    }
  });
}

async function waitFor(url, name, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) return;
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      /* not up yet */
    }
    await sleep(300);
  }
  throw new Error(`${name} did not come up at ${url} within ${timeoutMs / 1000}s`);
}

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  log('stopping...');
  for (const child of children.values()) child.kill('SIGTERM');
  const deadline = Date.now() + 15_000;
  while (children.size && Date.now() < deadline) await sleep(100);
  for (const child of children.values()) child.kill('SIGKILL');
  for (const cleanup of cleanups.reverse()) await cleanup();
  log('stopped');
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch((error) => {
  process.stderr.write(`[start] ${error.message}\n`);
  void shutdown(1);
});
