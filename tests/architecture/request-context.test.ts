// One explicit RequestContext, and tenant crossing only on purpose (ARCHITECTURE.md, "Tenancy" and
// "Crossing tenants on purpose"). This reads every apps/api/src/**/*.ts file and fails when
//  (a) a file not listed in RAW_DB injects the raw `DB` token (the unscoped Kysely handle),
//  (b) a method or function outside a repository takes `tenantId: string` (or an owner principal,
//      or a bare TenantRef) as its FIRST parameter instead of `ctx: RequestContext`, except the
//      pure helpers of FIRST_PARAM_TENANT_ID, each with its reason,
//  (c) anything but platform/tenant-db.ts calls withTenant (the only maker of a TenantTransaction),
//  (d) a file not listed in LOG_CONTEXT reads the AsyncLocalStorage (`requestContext.`): it is for
//      log lines and job stamping; rules take the explicit context.
// Both lists only shrink: a listed file that no longer needs its entry fails the last tests.
// No build or database needed. Run alone: node --import tsx --test tests/architecture/request-context.test.ts
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '../..');
const API_SRC = 'apps/api/src';
const M = 'apps/api/src/modules';

/** Files that may inject the raw DB handle; the same list as ARCHITECTURE.md "Crossing tenants on purpose". */
const RAW_DB: Record<string, string> = {
  'apps/api/src/platform/platform.module.ts': 'creates the pool and closes it at shutdown',
  'apps/api/src/platform/tenant-db.ts': 'TenantDb.run: the one place tenant transactions are opened',
  'apps/api/src/modules/health/health.controller.ts': 'readiness probe: SELECT 1 on the pool, no tenant data',
  'apps/api/src/platform/db-connections.repository.ts':
    'connection head-room gauges: pg_stat_activity counts for the whole server, no tenant data',
  'apps/api/src/platform/replica-lag.repository.ts':
    "read replica lag: the primary's pg_current_wal_lsn(), no tenant data",
  [`${M}/tenancy/tenancy.repository.ts`]:
    'slug/host -> tenant before any tenant is known, through the SECURITY DEFINER app_resolve_*tenant functions',
  [`${M}/onboarding/onboarding.repository.ts`]:
    'sign-up: is a slug taken by any store (SECURITY DEFINER app_taken_store_slugs, slugs only)',
  [`${M}/areas/areas.repository.ts`]: 'nairobi_areas is a platform table (no tenant_id, no RLS)',
  [`${M}/delivery/delivery.repository.ts`]: 'area search over the platform table nairobi_areas',
  [`${M}/payments/payment-callbacks.service.ts`]:
    'Daraja callbacks: the store is found by its callback path secret; unknown-secret callbacks are stored in a platform table',
  [`${M}/payments/payment-sweep.service.ts`]:
    'acrossTenantsSweepDue: overdue payment attempts of every store, each then settled in its own tenant',
  [`${M}/payments/payment-metrics.ts`]: 'Prometheus gauges over all stores (counts only, read at scrape time)',
  [`${M}/messaging/whatsapp-webhook.service.ts`]:
    'WhatsApp webhooks: stored in the platform table webhook_deliveries; the store is found by phone number id or message id',
  [`${M}/messaging/order-notifications.service.ts`]:
    'acrossTenantsRelayDue: owed notifications of every store whose job was lost, each delivered in its own tenant',
  [`${M}/delivery/delivery-webhook.service.ts`]:
    'partner webhooks: stored in the platform table webhook_deliveries first',
  [`${M}/insights/aggregation.service.ts`]:
    'acrossTenants / acrossTenantsHourly / acrossTenantsNightly: the analytics jobs run once per store',
  [`${M}/domains/domains.repository.ts`]:
    'domain checks: due custom domains of every store (SECURITY DEFINER app_domains_due), each checked in its own tenant',
  [`${M}/catalog/product-card-windows.repository.ts`]:
    'price windows: cards of every store whose sale started or ended by the clock (SECURITY DEFINER app_product_cards_due), each rewritten in its own tenant',
  [`${M}/webhooks/webhooks.repository.ts`]:
    'webhook deliveries: due deliveries of every store (SECURITY DEFINER app_webhook_deliveries_due), each sent in its own tenant',
  [`${M}/alerts/alerts.repository.ts`]:
    'owner alerts sweep: stores with alerts to fan out or send (SECURITY DEFINER app_alerts_due), each handled in its own tenant',
  [`${M}/back-in-stock/back-in-stock-relay.service.ts`]:
    'acrossTenantsRelayDue: owed back-in-stock messages of every store (SECURITY DEFINER app_back_in_stock_due), each sent in its own tenant',
  [`${M}/orders/archive/order-archive.repository.ts`]:
    'orders retention: stores with finished orders past retention (SECURITY DEFINER app_orders_archivable), each archived in its own tenant',
  'apps/api/src/worker/analytics.processor.ts': 'events partitions (DDL on the partitioned parent, no tenant rows)',
  'apps/api/src/worker/orders.processor.ts':
    'reservation sweeper: lapsed reservations of every store, each expired in its own tenant',
  'apps/api/src/worker/payments.processor.ts':
    'payment sweeper and daily reconciliation: stranded callbacks / stores with M-Pesa, each handled in its own tenant',
};

/** Pure helpers that keep `tenantId: string` first: they compute keys or tokens and reach no tenant table. */
const FIRST_PARAM_TENANT_ID: Record<string, string> = {
  'apps/api/src/platform/redis.ts': 'RedisKeys.tenant builds a key string',
  [`${M}/cart/cart-token.ts`]: 'HMAC cart tokens name the store id they are valid for (pure crypto)',
  [`${M}/cart/cart.store.ts`]: 'the Redis cart store (a repository over Redis keys, like a repository takes trx)',
  [`${M}/orders/order-idempotency.store.ts`]: 'Redis idempotency keys (a repository over Redis keys)',
  [`${M}/shoppers/shopper-session.ts`]:
    'shopper session tokens and code hashes bound to a store id (pure crypto + Redis key)',
};

/** Files that may read the AsyncLocalStorage log context; none of them decides anything with it. */
const LOG_CONTEXT: Record<string, string> = {
  'apps/api/src/bootstrap.ts': 'binds the correlation id to each request for its log lines',
  'apps/api/src/platform/logger.ts': 'stamps correlation_id and tenant_id on every log line',
  'apps/api/src/platform/tenant-db.ts': 'notes the tenant for later log lines when a tenant transaction opens',
  'apps/api/src/queues/queues.ts': 'enqueue stamps the correlation id on the job envelope',
  'apps/api/src/worker/queue-workers.ts': 'runs each job inside its envelope correlation id for its log lines',
  [`${M}/auth/owner-auth.guard.ts`]: 'notes the token tenant for the request log lines',
  [`${M}/auth/owner-sms.ts`]: 'the background SMS log lines carry the request correlation and tenant ids',
};

function stripComments(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '))
    .replace(/^[ \t]*\/\/.*$/gm, '');
}

function tsFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return tsFiles(relative);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [relative] : [];
  });
}

/** request-context.ts defines the context and the log storage itself, so it is not scanned. */
const FILES = tsFiles(API_SRC)
  .filter((file) => file !== 'apps/api/src/platform/request-context.ts')
  .map((file) => ({ file, code: stripComments(readFileSync(path.join(ROOT, file), 'utf8')) }));

function lineOf(code: string, index: number): number {
  return code.slice(0, index).split('\n').length;
}

const INJECTS_DB = /@Inject\(\s*DB\s*\)/;
// A method, function or arrow whose first parameter is a bare tenant id, an owner principal or a TenantRef.
const TENANT_FIRST =
  /(?:^|\n)[ \t]*(?:export\s+)?(?:(?:public|private|protected|static|async|readonly|function)\s+)*(\w+)\s*(?:<[^>()]*>)?\(\s*(tenantId\s*:\s*string|principal\s*:\s*\w*Principal|tenant\s*:\s*TenantRef)\b/g;

function tenantFirst(code: string): { line: number; method: string; param: string }[] {
  return [...code.matchAll(TENANT_FIRST)]
    .filter((m) => !['if', 'for', 'while', 'switch', 'return'].includes(m[1]!))
    .map((m) => ({ line: lineOf(code, m.index + (m[0].startsWith('\n') ? 1 : 0)), method: m[1]!, param: m[2]! }));
}

describe('request context and tenant crossing', () => {
  test('only the files of RAW_DB inject the raw DB handle', () => {
    const offenders = FILES.filter(({ file, code }) => INJECTS_DB.test(code) && !(file in RAW_DB)).map((f) => f.file);
    assert.deepEqual(
      offenders,
      [],
      'These inject @Inject(DB) (an unscoped handle): take TenantDb and a RequestContext instead, or, if crossing ' +
        'tenants is the point, name the method acrossTenants... and add the file to RAW_DB and ARCHITECTURE.md',
    );
  });

  test('no service or controller takes tenantId / principal / TenantRef as its first parameter', () => {
    const offenders = FILES.filter(
      ({ file }) => !file.endsWith('.repository.ts') && !(file in FIRST_PARAM_TENANT_ID),
    ).flatMap(({ file, code }) => tenantFirst(code).map((f) => `${file}:${f.line} ${f.method}(${f.param}, ...)`));
    assert.deepEqual(offenders, [], 'Take `ctx: RequestContext` first (ctx.tenantId, ctx.actor) instead');
  });

  test('only TenantDb opens tenant transactions (withTenant)', () => {
    const offenders = FILES.filter(
      ({ file, code }) => file !== 'apps/api/src/platform/tenant-db.ts' && /(?<![\w$.])withTenant\s*\(/.test(code),
    ).map((f) => f.file);
    assert.deepEqual(offenders, [], 'Use TenantDb.run(ctx, trx => ...) instead of withTenant');
  });

  test('only the files of LOG_CONTEXT read the AsyncLocalStorage log context', () => {
    const offenders = FILES.filter(
      ({ file, code }) => /(?<![\w$.])requestContext\s*\./.test(code) && !(file in LOG_CONTEXT),
    ).map((f) => f.file);
    assert.deepEqual(offenders, [], 'Rules read the RequestContext argument (ctx), not requestContext.current()');
  });

  test('the allow-lists only shrink: every entry is still needed', () => {
    const byFile = new Map(FILES.map((f) => [f.file, f.code]));
    const stale = [
      ...Object.keys(RAW_DB).filter((file) => !INJECTS_DB.test(byFile.get(file) ?? '')),
      ...Object.keys(FIRST_PARAM_TENANT_ID).filter((file) => tenantFirst(byFile.get(file) ?? '').length === 0),
      ...Object.keys(LOG_CONTEXT).filter((file) => !/(?<![\w$.])requestContext\s*\./.test(byFile.get(file) ?? '')),
    ];
    assert.deepEqual(
      stale,
      [],
      'Remove these entries (and their ARCHITECTURE.md lines): the file no longer needs them',
    );
  });

  test('the scan sees the code it checks', () => {
    // Guards the regexes: the known helpers are found, and TenantDb.run takes the context.
    assert.ok(tenantFirst(byName('apps/api/src/platform/redis.ts')).some((f) => f.method === 'tenant'));
    assert.match(byName('apps/api/src/platform/tenant-db.ts'), /run<T>\(ctx: RequestContext/);
    assert.ok(FILES.length > 100, `only ${FILES.length} files under ${API_SRC}`);
  });
});

function byName(file: string): string {
  const found = FILES.find((f) => f.file === file);
  assert.ok(found, `${file} is missing`);
  return found.code;
}
