// Signed tokens must expire, and only in the algorithm we issue (issue 15). Every forged token
// here is signed with the real key (the store's JWT secret read from the database, the shopper
// key derived from the API's CART_TOKEN_SECRET exactly as the API derives it), so the signature
// is valid and only the policy can refuse it: no expiry, an absurd lifetime, an issue time in
// the future, `alg: none`, HS512. Each must get a 401 in words on an owner route and on a
// shopper route, while a normal token still works.
import assert from 'node:assert/strict';
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { useApiStack } from '../helpers/api-fixture.ts';
import { first } from '../helpers/database.ts';
import { demoLogin, jsonCaller } from '../helpers/http.ts';

const STORE = 'saa-bora';
// Random per run: a secret written in the repository is one production must refuse (published-secrets).
const CART_TOKEN_SECRET = randomBytes(32).toString('base64url');
const OWNER_ROUTE = '/v1/owner/auth/me';
const SHOPPER_ROUTE = `/v1/stores/${STORE}/shopper/orders`;
const SHOPPER_PHONE = '254722000333';
const OWNER_LIFETIME = 15 * 60;
const SHOPPER_LIFETIME = 30 * 24 * 3600;
const TEN_YEARS = 10 * 365 * 24 * 3600;

const stack = useApiStack({ env: { CART_TOKEN_SECRET } });
const call = jsonCaller(() => stack.api.url, '198.18.77');
const { sql, tenantOf } = stack;
const now = () => Math.floor(Date.now() / 1000);

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A compact JWS over these claims; `alg` decides the HMAC (or none, with an empty signature). */
function mint(
  key: Uint8Array | string,
  claims: Record<string, unknown>,
  alg: 'HS256' | 'HS512' | 'none' = 'HS256',
): string {
  const signingInput = `${b64({ alg, typ: 'JWT' })}.${b64(claims)}`;
  if (alg === 'none') return `${signingInput}.`;
  return `${signingInput}.${createHmac(alg === 'HS256' ? 'sha256' : 'sha512', key)
    .update(signingInput)
    .digest('base64url')}`;
}

/** Every way of bending the lifetime or algorithm, from claims that are otherwise right. */
function forgeries(
  key: Uint8Array | string,
  claims: Record<string, unknown>,
  lifetime: number,
): Record<string, { token: string; words: RegExp }> {
  const { exp: _exp, iat: _iat, ...rest } = claims;
  const t = now();
  return {
    'no exp': { token: mint(key, { ...rest, iat: t }), words: /no expiry/ },
    'no iat': { token: mint(key, { ...rest, exp: t + 60 }), words: /issue time/ },
    'exp 10 years away': {
      token: mint(key, { ...rest, iat: t, exp: t + TEN_YEARS }),
      words: /lives longer than the tokens we issue/,
    },
    'iat 10 years ahead, normal-looking lifetime': {
      token: mint(key, { ...rest, iat: t + TEN_YEARS, exp: t + TEN_YEARS + lifetime }),
      words: /in the future/,
    },
    'alg none': { token: mint(key, { ...rest, iat: t, exp: t + 60 }, 'none'), words: /algorithm/ },
    'HS512 instead of HS256': { token: mint(key, { ...rest, iat: t, exp: t + 60 }, 'HS512'), words: /algorithm/ },
  };
}

/** A refusal as these tests read it: the error with the reason in its details. */
interface Refusal {
  error: { code: string; message: string; details: { reason: string } };
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
}

/** The shopper session key, derived as ShopperKeys does (HKDF of CART_TOKEN_SECRET, store id as salt). */
const shopperKey = (tenantId: string) =>
  new Uint8Array(hkdfSync('sha256', CART_TOKEN_SECRET, tenantId, 'sokoni shopper session v1', 32));

function shopperClaims(tenantId: string): Record<string, unknown> {
  const t = now();
  return {
    tid: tenantId,
    iat_us: t * 1_000_000,
    sub: SHOPPER_PHONE,
    iss: 'sokoni',
    aud: 'sokoni:shopper',
    iat: t,
    exp: t + SHOPPER_LIFETIME,
  };
}

describe('owner access tokens', () => {
  test('a token without exp or iat, with an absurd lifetime, a future iat, alg none or HS512 is a 401 in words; a normal one works', async () => {
    const session = await demoLogin(call, STORE, 'owner');
    assert.equal(
      (await call('GET', OWNER_ROUTE, undefined, session.accessToken)).status,
      200,
      'the issued token works',
    );
    const issued = claimsOf(session.accessToken);
    assert.ok(
      typeof issued.exp === 'number' && typeof issued.iat === 'number' && issued.exp - issued.iat <= OWNER_LIFETIME,
      'we issue what we accept',
    );

    const row = first(
      await sql<{ jwt_secret: string }>(`SELECT jwt_secret FROM tenant_auth_secrets WHERE tenant_id = $1`, [
        tenantOf(STORE),
      ]),
    );
    const secret = new TextEncoder().encode(row.jwt_secret);
    // The same claims, re-signed by the test with the real secret and a normal lifetime: accepted,
    // so every refusal below is the policy's and not a mistake in the forging.
    const t = now();
    const control = mint(secret, { ...issued, iat: t, exp: t + OWNER_LIFETIME });
    const ok = await call('GET', OWNER_ROUTE, undefined, control);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));

    for (const [what, { token, words }] of Object.entries(forgeries(secret, issued, OWNER_LIFETIME))) {
      const res = await call<Refusal>('GET', OWNER_ROUTE, undefined, token);
      assert.equal(res.status, 401, `${what}: ${res.status} ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, 'unauthorized', what);
      assert.match(res.body.error.message, words, what);
      assert.equal(res.body.error.details.reason, 'invalid_token', what);
    }
  });
});

describe('shopper session tokens', () => {
  test('a session without exp or iat, with an absurd lifetime, a future iat, alg none or HS512 is a 401 in words; a normal one works', async () => {
    const tenantId = tenantOf(STORE);
    const key = shopperKey(tenantId);
    const control = mint(key, shopperClaims(tenantId));
    const ok = await call('GET', SHOPPER_ROUTE, undefined, control);
    assert.equal(ok.status, 200, `a normal session works: ${JSON.stringify(ok.body)}`);

    for (const [what, { token, words }] of Object.entries(forgeries(key, shopperClaims(tenantId), SHOPPER_LIFETIME))) {
      const res = await call<Refusal>('GET', SHOPPER_ROUTE, undefined, token);
      assert.equal(res.status, 401, `${what}: ${res.status} ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, 'unauthorized', what);
      assert.match(res.body.error.message, words, what);
      assert.equal(res.body.error.details.reason, 'invalid_session', what);
    }
  });

  test('a session as the API issues it (ShopperKeys.issue) carries exactly the lifetime verification accepts, and works', async () => {
    const tenantId = tenantOf(STORE);
    const stamp = first(
      await sql<{ us: string }>(`SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint::text AS us`),
    );
    const { ShopperKeys } = await import('../../apps/api/dist/modules/shoppers/shopper-session.js');
    const issued = await new ShopperKeys(CART_TOKEN_SECRET).issue(tenantId, SHOPPER_PHONE, Number(stamp.us));
    const claims = claimsOf(issued.token);
    assert.equal((claims.exp as number) - (claims.iat as number), SHOPPER_LIFETIME);
    assert.equal(
      issued.expiresAt.getTime(),
      (claims.exp as number) * 1000,
      'the expiry we tell the shopper is the one in the token',
    );
    assert.equal((await call('GET', SHOPPER_ROUTE, undefined, issued.token)).status, 200);
  });
});

/** What the cart share tests read of the cart endpoints' answers (each part only where given). */
interface CartAnswer {
  cart?: { token: string };
  shareToken?: string;
  error?: Refusal['error'];
}

describe('cart share links', () => {
  test('a correctly signed share link dated years ahead is refused like an expired one; a normal one restores', async () => {
    const tenantId = tenantOf(STORE);
    const cartCall = async (path: string, body: unknown, token?: string) => {
      const res = await fetch(`${stack.api.url}/v1/stores/${STORE}/cart${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { 'x-cart-token': token } : {}) },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as CartAnswer };
    };
    const variant = first(
      await sql<{ sku: string }>(
        `SELECT v.sku FROM product_variants v JOIN products p ON p.tenant_id = v.tenant_id AND p.id = v.product_id
      WHERE v.tenant_id = $1 AND v.on_hand >= 5 AND v.status = 'active' AND p.status = 'active' ORDER BY v.sku LIMIT 1`,
        [tenantId],
      ),
    );
    const cart = (await cartCall('/lines', { sku: variant.sku, quantity: 1 })).body.cart!;
    const shared = await cartCall('/share', {}, cart.token);
    assert.equal(shared.status, 200, JSON.stringify(shared.body));
    const cartId = shared.body.shareToken!.split('.')[1]!;
    const shareLink = (expires: number) =>
      `s1.${cartId}.${expires}.${createHmac('sha256', CART_TOKEN_SECRET).update(`share:${tenantId}:${cartId}:${expires}`).digest('base64url')}`;

    const normal = await cartCall('/restore', { shareToken: shareLink(now() + 3600) });
    assert.equal(
      normal.status,
      200,
      `a normally dated link (signed by the test) restores: ${JSON.stringify(normal.body)}`,
    );
    const everlasting = await cartCall('/restore', { shareToken: shareLink(now() + TEN_YEARS) });
    assert.equal(everlasting.status, 410, JSON.stringify(everlasting.body));
    assert.equal(everlasting.body.error?.details.reason, 'invalid_share_link');
    assert.match(everlasting.body.error?.message ?? '', /expired or is not valid/);
  });
});
