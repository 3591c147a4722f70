// The real API process (compiled dist/main.js) over real HTTP, against a real seeded Postgres
// and real Redis.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ProductDetail, ProductList } from '@sokoni/contracts';
import { useApiStack } from '../helpers/api-fixture.ts';
import type { ApiErrorBody } from '../helpers/http.ts';
import { serverEnv, startApi, startRaw } from '../helpers/processes.ts';
import { waitUntil } from '../helpers/wait.ts';
import { REDIS_URL } from '../helpers/database.ts';
import { Redis } from 'ioredis';

const stack = useApiStack();

/** GET with the JSON answer as the shape T the caller names (not checked; the assertions are). */
async function getJson<T = unknown>(path: string, init?: RequestInit) {
  const res = await fetch(`${stack.api.url}${path}`, init);
  const body = (await res.json()) as T;
  return { res, body };
}

/** /readyz's answer. */
interface Readiness {
  checks: { postgres: { ok: boolean }; redis: { ok: boolean } };
}

function assertErrorShape(answer: unknown, code: string) {
  const body = answer as ApiErrorBody;
  assert.equal(typeof body.error, 'object', 'error envelope');
  assert.equal(body.error.code, code);
  assert.equal(typeof body.error.message, 'string');
  assert.ok(body.error.message.length > 0);
}

describe('health', () => {
  test('/healthz is live and /readyz checks Postgres and Redis', async () => {
    const live = await getJson<{ status: string }>('/healthz');
    assert.equal(live.res.status, 200);
    assert.equal(live.body.status, 'ok');
    const ready = await getJson<Readiness>('/readyz');
    assert.equal(ready.res.status, 200);
    assert.deepEqual(ready.body.checks, { postgres: { ok: true }, redis: { ok: true } });
  });
});

describe('storefront catalog', () => {
  test('each demo store answers with its summary', async () => {
    for (const store of stack.db.seed!.stores) {
      const { res, body } = await getJson<{ store: { slug: string; name: string; mpesa: { shortcode: string } } }>(
        `/v1/stores/${store.slug}`,
      );
      assert.equal(res.status, 200);
      assert.equal(body.store.slug, store.slug);
      assert.ok(body.store.name.length > 0);
      assert.ok(body.store.mpesa.shortcode.match(/^\d{5,7}$/));
    }
  });

  test('cursor pagination walks every product of a store exactly once', async () => {
    for (const store of stack.db.seed!.stores) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const { res, body }: { res: Response; body: ProductList } = await getJson<ProductList>(
          `/v1/stores/${store.slug}/products?limit=7${cursor ? `&cursor=${cursor}` : ''}`,
        );
        assert.equal(res.status, 200);
        assert.ok(body.items.length <= 7);
        for (const item of body.items) {
          assert.ok(Number.isInteger(item.priceKes) && item.priceKes > 0, `${item.slug} price is integer KES`);
          assert.match(item.image?.url ?? '', /^\/media\/.+\.webp$/);
        }
        seen.push(...body.items.map((i) => i.slug));
        cursor = body.nextCursor;
        pages++;
      } while (cursor && pages < 50);
      assert.equal(seen.length, store.products, `${store.slug}: all products listed`);
      assert.equal(new Set(seen).size, seen.length, `${store.slug}: no product twice`);
    }
  });

  test('stores never see each other: a product slug of one store is 404 in another', async () => {
    const { body } = await getJson<ProductList>('/v1/stores/nairobi-gadgets/products?limit=1');
    const gadget = body.items[0]!.slug;
    const own = await getJson<{ product: ProductDetail }>(`/v1/stores/nairobi-gadgets/products/${gadget}`);
    assert.equal(own.res.status, 200);
    assert.equal(own.body.product.slug, gadget);
    assert.ok(own.body.product.variants.length >= 1);
    const foreign = await getJson(`/v1/stores/saa-bora/products/${gadget}`);
    assert.equal(foreign.res.status, 404);
    assertErrorShape(foreign.body, 'not_found');
  });

  test('product images are served from media storage', async () => {
    const { body } = await getJson<ProductList>('/v1/stores/saa-bora/products?limit=1');
    const res = await fetch(`${stack.api.url}${body.items[0]!.image!.url}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'image/webp');
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.equal(bytes.subarray(8, 12).toString('ascii'), 'WEBP');
  });

  test('unknown store: 404 store_not_found, also by host resolution', async () => {
    const { res, body } = await getJson('/v1/stores/no-such-store/products');
    assert.equal(res.status, 404);
    assertErrorShape(body, 'store_not_found');
    const resolved = await getJson<{ slug: string }>('/v1/tenants/resolve?host=saa-bora.sokoni.test');
    assert.equal(resolved.res.status, 200);
    assert.equal(resolved.body.slug, 'saa-bora');
    const unknown = await getJson('/v1/tenants/resolve?host=shop.example.org');
    assert.equal(unknown.res.status, 404);
    assertErrorShape(unknown.body, 'store_not_found');
  });

  test('bad input is a 400 with the issues, never a 500', async () => {
    const cases = [
      '/v1/stores/saa-bora/products?limit=abc',
      '/v1/stores/saa-bora/products?limit=1000',
      '/v1/stores/saa-bora/products?cursor=not-a-cursor',
      `/v1/stores/saa-bora/products?cursor=${Buffer.from(JSON.stringify(['2026-02-31 10:00:00.123+00', 'x'])).toString('base64url')}`,
      `/v1/stores/saa-bora/products?cursor=${Buffer.from(JSON.stringify(['2026-11-25T10:00:00Z', 'x'])).toString('base64url')}`,
      '/v1/stores/Bad_Slug!/products',
      '/v1/tenants/resolve',
      '/v1/tenants/resolve?host=%3Cscript%3E',
    ];
    for (const path of cases) {
      const { res, body } = await getJson<ApiErrorBody>(path);
      assert.equal(res.status, 400, path);
      assertErrorShape(body, 'validation_failed');
      assert.ok(body.error.details, `${path}: details say what was wrong`);
    }
  });
});

describe('platform behaviour', () => {
  test('unknown route, bad JSON and too-large bodies use the one error shape', async () => {
    const missing = await getJson('/v1/nothing-here');
    assert.equal(missing.res.status, 404);
    assertErrorShape(missing.body, 'not_found');

    const badJson = await getJson('/v1/stores/saa-bora', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"oops',
    });
    assert.equal(badJson.res.status, 400);
    assertErrorShape(badJson.body, 'bad_request');

    // The body limit is global (1 MiB by default): it applies before routing decides anything.
    const huge = await getJson('/v1/stores/saa-bora', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ blob: 'x'.repeat(1_100_000) }),
    });
    assert.equal(huge.res.status, 413);
    assertErrorShape(huge.body, 'payload_too_large');
  });

  test('correlation id: taken from x-request-id, echoed, in error details and in the logs', async () => {
    const id = `test-corr-${Date.now()}`;
    const { res, body } = await getJson<ApiErrorBody>('/v1/stores/no-such-store', { headers: { 'x-request-id': id } });
    assert.equal(res.headers.get('x-request-id'), id);
    assert.equal(body.error.details.correlationId, id);
    const line = await stack.api.waitForLog((e) => e.correlation_id === id && e.msg === 'request completed');
    assert.equal((line.res as { statusCode: number }).statusCode, 404);
    assert.equal(line.level, 'info');

    // An unsafe incoming id (log injection) is replaced, not echoed.
    const unsafe = await fetch(`${stack.api.url}/healthz`, {
      headers: { 'x-request-id': 'bad id\nwith newline'.replace('\n', ' ') },
    });
    const generated = unsafe.headers.get('x-request-id')!;
    assert.notEqual(generated, 'bad id with newline');
    assert.match(generated, /^[0-9a-f-]{36}$/);
  });

  test('security headers are set', async () => {
    const res = await fetch(`${stack.api.url}/healthz`);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(res.headers.get('content-security-policy')?.includes("default-src 'none'"));
    assert.ok(res.headers.get('strict-transport-security'));
    assert.equal(res.headers.get('x-powered-by'), null);
  });

  test('/metrics: latency histogram by route pattern, every route listed, queue depth per queue', async () => {
    await fetch(`${stack.api.url}/v1/stores/saa-bora/products?limit=2`);
    const text = await (await fetch(`${stack.api.url}/metrics`)).text();
    assert.match(text, /http_request_duration_seconds_bucket\{[^}]*route="\/v1\/stores\/:store\/products"[^}]*\}/);
    for (const route of [
      '/healthz',
      '/readyz',
      '/metrics',
      '/v1/stores/:store',
      '/v1/stores/:store/products',
      '/v1/stores/:store/products/:product',
      '/v1/tenants/resolve',
    ]) {
      assert.ok(text.includes(`http_routes_info{method="GET",route="${route}"} 1`), `route ${route} listed`);
    }
    for (const queue of ['payments', 'notifications', 'analytics', 'seo', 'maintenance']) {
      assert.ok(text.includes(`bullmq_queue_jobs{queue="${queue}",state="waiting"}`), `queue ${queue} depth`);
    }
  });
});

describe('rate limiting (Redis-backed, shared by all API replicas)', () => {
  test('the 6th request in the window is 429 with Retry-After, across two replicas; probes are never limited', async () => {
    const env = serverEnv(stack.db, { RATE_LIMIT_MAX: '5', RATE_LIMIT_WINDOW_MS: '60000' });
    const replicaA = await startApi(env);
    const replicaB = await startApi(env); // same Redis prefix: one shared counter
    const redis = new Redis(REDIS_URL);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await fetch(`${replicaA.url}/v1/stores/saa-bora`)).status);
      // Each replica counts on its own and adds its counts to Redis every 50 ms (one round trip
      // per client and window, not per request): the other replica knows them from then on.
      await waitUntil(
        "replica A's three requests counted in Redis",
        () => redis.get(`${env.REDIS_KEY_PREFIX}p:ratelimit:127.0.0.1`),
        (count) => count === '3',
      );
      for (let i = 0; i < 2; i++) statuses.push((await fetch(`${replicaB.url}/v1/stores/saa-bora`)).status);
      assert.deepEqual(statuses, [200, 200, 200, 200, 200]);
      const limited = await fetch(`${replicaB.url}/v1/stores/saa-bora`);
      assert.equal(limited.status, 429);
      const retryAfter = Number(limited.headers.get('retry-after'));
      assert.ok(retryAfter > 0 && retryAfter <= 60, `retry-after ${retryAfter}`);
      const body = (await limited.json()) as ApiErrorBody<{ retryAfterSeconds: number }>;
      assertErrorShape(body, 'rate_limited');
      assert.ok(body.error.details.retryAfterSeconds > 0);
      for (let i = 0; i < 8; i++) assert.equal((await fetch(`${replicaA.url}/healthz`)).status, 200);
      const metrics = await (await fetch(`${replicaB.url}/metrics`)).text();
      assert.match(metrics, /http_rate_limited_total\{route="\/v1\/stores\/:store"\} 1/);
    } finally {
      redis.disconnect();
      await replicaA.stop();
      await replicaB.stop();
    }
  });
});

describe('configuration', () => {
  test('a missing required variable fails fast, naming it', async () => {
    const env = serverEnv(stack.db);
    delete env.DATABASE_URL;
    const proc = startRaw(process.execPath, ['apps/api/dist/main.js'], env);
    const code = await proc.exited;
    assert.equal(code, 1);
    const output = proc.lines.join('\n');
    assert.match(output, /DATABASE_URL is required but not set/);
  });

  test('an invalid variable fails fast, naming it', async () => {
    const proc = startRaw(
      process.execPath,
      ['apps/api/dist/main.js'],
      serverEnv(stack.db, { PORT: 'eighty', REDIS_URL: 'http://nope' }),
    );
    assert.equal(await proc.exited, 1);
    const output = proc.lines.join('\n');
    assert.match(output, /PORT is invalid/);
    assert.match(output, /REDIS_URL is invalid/);
  });

  test('/readyz says 503 and names Redis when Redis is unreachable; SIGTERM exits cleanly', async () => {
    const broken = await startApi(serverEnv(stack.db, { REDIS_URL: 'redis://127.0.0.1:6390' }));
    try {
      const res = await fetch(`${broken.url}/readyz`);
      assert.equal(res.status, 503);
      const body = (await res.json()) as Readiness;
      assert.equal(body.checks.postgres.ok, true);
      assert.equal(body.checks.redis.ok, false);
      assert.equal((await fetch(`${broken.url}/healthz`)).status, 200, 'liveness does not depend on Redis');
    } finally {
      assert.equal(await broken.stop('SIGTERM'), 0);
    }
  });
});
