// The RBAC matrix, checked for EVERY owner endpoint of the running API. The list of routes comes
// from the API itself (/metrics lists every registered route; GET /v1/owner/auth/routes gives the
// permission each declares, from the same discovery the start-up check uses), so a new endpoint
// is covered without touching this file, and one without a permission declaration fails here
// (the API refuses to boot with one, and a route outside that discovery shows up undeclared).
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import { ROLE_PERMISSIONS } from '@sokoni/contracts';
import { useApiStack } from '../helpers/api-fixture.ts';
import { first } from '../helpers/database.ts';
import { demoLogin, jsonCaller, jsonResponse, type JsonResponse } from '../helpers/http.ts';

type Role = 'owner' | 'admin' | 'staff';
interface DeclaredRoute {
  method: string;
  path: string;
  permission: string;
}

/** What this file reads of an answer, each part only where the route gives it. */
interface Answer {
  items?: DeclaredRoute[];
  store?: { slug: string };
  error?: { code: string; details?: { permission?: string } };
}

const STORE = 'saa-bora';
const OTHER = 'nairobi-gadgets';
const ROLES: Role[] = ['staff', 'admin', 'owner'];

const stack = useApiStack();
let declared: DeclaredRoute[];
let registered: { method: string; route: string }[];
let params: Record<string, string>;
const sessions = new Map<Role, { accessToken: string }>();

const jsonCall = jsonCaller(() => stack.api.url, '198.18');
let client = 0;
/** Like jsonCaller, but a non-JSON answer (export.csv) is kept as text. */
async function call(method: string, path: string, body?: unknown, token?: string): Promise<JsonResponse<Answer>> {
  client++;
  const res = await fetch(`${stack.api.url}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      'x-forwarded-for': `198.19.${Math.floor(client / 250) % 250}.${client % 250}`,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* text/csv and the like */
  }
  return jsonResponse(res.status, res.headers, parsed);
}
const { sql, tenantOf } = stack;

async function loginAll(): Promise<void> {
  for (const role of ROLES) sessions.set(role, await demoLogin(jsonCall, STORE, role));
}

stack.before(async () => {
  await loginAll();
  const metrics = await (await fetch(`${stack.api.url}/metrics`)).text();
  registered = [...metrics.matchAll(/^http_routes_info\{method="([A-Z]+)",route="([^"]+)"\} 1$/gm)]
    .map(([, method, route]) => ({ method: method!, route: route! }))
    .filter((r) => r.route === '/v1/owner' || r.route.startsWith('/v1/owner/'));
  const listed = await call('GET', '/v1/owner/auth/routes', undefined, sessions.get('owner')!.accessToken);
  assert.equal(listed.status, 200, JSON.stringify(listed.body));
  declared = listed.body.items!;

  // Plausible path parameters from the store's own data (the auth decision is what is tested;
  // a 404/400 for a value that does not fit is fine).
  const tenant = tenantOf(STORE);
  const variant = first(
    await sql<{ sku: string; slug: string }>(
      `SELECT v.sku, p.slug FROM product_variants v JOIN products p ON p.tenant_id = v.tenant_id AND p.id = v.product_id WHERE v.tenant_id = $1 ORDER BY v.sku LIMIT 1`,
      [tenant],
    ),
  );
  const [zone] = await sql<{ slug: string }>(
    `SELECT slug FROM delivery_zones WHERE tenant_id = $1 ORDER BY position DESC LIMIT 1`,
    [tenant],
  );
  const [collection] = await sql<{ slug: string }>(`SELECT slug FROM collections WHERE tenant_id = $1 LIMIT 1`, [
    tenant,
  ]);
  const [order] = await sql<{ number: number }>(`SELECT number FROM orders WHERE tenant_id = $1 LIMIT 1`, [tenant]);
  const staff = first(
    await sql<{ id: string }>(`SELECT id FROM users WHERE tenant_id = $1 AND role = 'staff' LIMIT 1`, [tenant]),
  );
  params = {
    product: variant.slug,
    sku: variant.sku,
    zone: zone?.slug ?? 'cbd',
    collection: collection?.slug ?? 'new-arrivals',
    number: String(order?.number ?? 1001),
    day: '2026-01-15',
    userId: staff.id,
  };
});

const fill = (path: string) =>
  path.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(params[name] ?? 'dummy'));
const bodyFor = (method: string) => (method === 'GET' || method === 'HEAD' ? undefined : {});

/**
 * Calls a route as a role. An endpoint may end the caller's session (POST sessions/revoke-all
 * logs the whole store out): a 401 is retried once with fresh logins, so only a real refusal counts.
 */
async function callAs(role: Role, route: DeclaredRoute): Promise<JsonResponse<Answer>> {
  const first = await call(route.method, fill(route.path), bodyFor(route.method), sessions.get(role)!.accessToken);
  if (first.status !== 401) return first;
  await loginAll();
  return call(route.method, fill(route.path), bodyFor(route.method), sessions.get(role)!.accessToken);
}

describe('RBAC matrix', () => {
  test('every /v1/owner route the server registered declares a permission (or is explicitly public)', () => {
    assert.ok(registered.length >= 40, `only ${registered.length} owner routes in /metrics`);
    const known = new Set(declared.map((r) => `${r.method} ${r.path}`));
    const undeclared = registered
      .filter((r) => !known.has(`${r.method} ${r.route}`))
      .map((r) => `${r.method} ${r.route}`);
    assert.deepEqual(undeclared, [], 'owner routes without a permission declaration');
    const unset = declared.filter((r) => !r.permission).map((r) => `${r.method} ${r.path}`);
    assert.deepEqual(unset, []);
    // And the listing names no route the server does not serve.
    const served = new Set(registered.map((r) => `${r.method} ${r.route}`));
    assert.deepEqual(
      declared.filter((r) => !served.has(`${r.method} ${r.path}`)),
      [],
    );
  });

  test('the matrix itself: staff fulfil, admins run the shop, only owners touch payouts and people', () => {
    const matrix = ROLE_PERMISSIONS as Record<Role, readonly string[]>;
    for (const permission of [
      'prices.write',
      'orders.refund',
      'settings.mpesa',
      'staff.manage',
      'audit.read',
      'catalog.write',
      'settings.write',
    ]) {
      assert.ok(!matrix.staff.includes(permission), `staff must not have ${permission}`);
    }
    for (const permission of ['settings.mpesa', 'staff.manage'])
      assert.ok(!matrix.admin.includes(permission), `admin must not have ${permission}`);
    for (const role of ROLES) assert.ok(matrix[role].includes('account.self'));
    const used = new Set(declared.map((r) => r.permission).filter((p) => p !== 'public'));
    for (const permission of used) assert.ok(matrix.owner.includes(permission), `${permission} is not in the matrix`);
  });

  test('for every protected route and every role: 403 without the permission, never 401/403 with it', async (t) => {
    const matrix = ROLE_PERMISSIONS as Record<Role, readonly string[]>;
    const protectedRoutes = declared.filter((r) => r.permission !== 'public');
    assert.ok(protectedRoutes.length >= 30);
    const failures: string[] = [];
    const serverErrors: string[] = [];
    // Session-ending routes last, so the rest run with live sessions.
    const ordered = [...protectedRoutes].sort(
      (a, b) => Number(a.path.includes('revoke')) - Number(b.path.includes('revoke')),
    );
    for (const route of ordered) {
      for (const role of ROLES) {
        const res = await callAs(role, route);
        const allowed = matrix[role].includes(route.permission);
        const label = `${role} ${route.method} ${route.path} (${route.permission}) -> ${res.status}`;
        if (allowed && (res.status === 401 || res.status === 403))
          failures.push(`${label}: should be allowed ${JSON.stringify(res.body?.error)}`);
        if (!allowed && res.status !== 403) failures.push(`${label}: should be 403`);
        if (!allowed && res.status === 403 && res.body?.error?.details?.permission !== route.permission)
          failures.push(`${label}: 403 names ${res.body?.error?.details?.permission}`);
        if (res.status >= 500) serverErrors.push(label);
      }
    }
    if (serverErrors.length)
      t.diagnostic(`5xx answers with placeholder input (not an auth failure): ${serverErrors.join('; ')}`);
    assert.deepEqual(failures, []);
  });

  test('public routes need no token; protected ones refuse a missing or garbage token with 401', async () => {
    const problems: string[] = [];
    for (const route of declared) {
      if (route.permission === 'public') {
        const res = await call(route.method, fill(route.path), bodyFor(route.method));
        if (res.status === 401 || res.status === 403)
          problems.push(`public ${route.method} ${route.path} -> ${res.status}`);
        continue;
      }
      for (const token of [undefined, 'garbage', 'a.b.c', `${'x'.repeat(20)}.${'y'.repeat(20)}.${'z'.repeat(20)}`]) {
        const res = await call(route.method, fill(route.path), bodyFor(route.method), token);
        if (res.status !== 401) problems.push(`${route.method} ${route.path} with token ${token} -> ${res.status}`);
        else if (res.body?.error?.code !== 'unauthorized')
          problems.push(`${route.method} ${route.path}: error shape ${JSON.stringify(res.body)}`);
      }
    }
    assert.deepEqual(problems, []);
  });
});

describe('tokens are bound to their store', () => {
  test("a token of store A never works as store B's: forged tenant claim, A-signed, or B's secret for A's user", async () => {
    await loginAll();
    const token = sessions.get('owner')!.accessToken;
    const me = await call('GET', '/v1/owner/auth/me', undefined, token);
    assert.equal(me.status, 200);
    assert.equal(me.body.store?.slug, STORE, 'the store comes from the token');
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const claimsB = Buffer.from(JSON.stringify({ ...claims, tid: tenantOf(OTHER) })).toString('base64url');
    const secret = async (slug: string) =>
      first(
        await sql<{ jwt_secret: string }>(`SELECT jwt_secret FROM tenant_auth_secrets WHERE tenant_id = $1`, [
          tenantOf(slug),
        ]),
      ).jwt_secret;
    const sign = (key: string, body: string) =>
      `${header}.${body}.${createHmac('sha256', key).update(`${header}.${body}`).digest('base64url')}`;
    const candidates = {
      'A signature, B claim': `${header}.${claimsB}.${signature}`,
      'signed with A secret, claims B': sign(await secret(STORE), claimsB),
      "signed with B secret, A's user": sign(await secret(OTHER), claimsB),
    };
    const protectedRoutes = declared.filter((r) => r.permission !== 'public' && r.method === 'GET');
    for (const [what, forged] of Object.entries(candidates)) {
      for (const route of protectedRoutes) {
        const res = await call(route.method, fill(route.path), undefined, forged);
        assert.equal(res.status, 401, `${what}: ${route.method} ${route.path} -> ${res.status}`);
      }
    }
    // B's own owner is fine at B, and sees B.
    const other = await demoLogin(jsonCall, OTHER, 'owner');
    assert.equal((await call('GET', '/v1/owner/auth/me', undefined, other.accessToken)).body.store?.slug, OTHER);
  });
});
