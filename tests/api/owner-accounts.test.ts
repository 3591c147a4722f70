// Owner accounts over real HTTP, with the sandbox's Africa's Talking stand-in catching the SMS:
// sign-in by SMS code (no account enumeration, attempts, expiry, rate limits), brute-force limits
// on password login, password reset by code, staff invites, disabling and role changes (never the
// last owner), "log everyone out" for one store only, and the audit log viewer.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO_PASSWORD } from '@sokoni/db/dist/seed/index.js';
import { useApiStack } from '../helpers/api-fixture.ts';
import { demoLogin, jsonCaller, jsonResponse, type JsonResponse } from '../helpers/http.ts';
import { waitFor } from '../helpers/wait.ts';

const stack = useApiStack({ sandbox: true });

/**
 * What these tests read of an answer: each part only where the route gives it (the assertions
 * check which; the type does not).
 */
interface Answer {
  accessToken: string;
  refreshToken: string;
  refreshTokensRevoked: number;
  smsSent: boolean;
  inviteUrl: string;
  permissions: string[];
  store: { slug: string };
  user: { id: string; email: string | null; name: string; phone: string; role: string; status: string };
  items: Item[];
  nextCursor: string | null;
  error: {
    code: string;
    message: string;
    details: { attemptsLeft: number; permission: string; reason: string; retryAt: string };
  };
}
/** A listed staff member, audit entry or product, as these tests read it (each from its own list). */
interface Item {
  id: string;
  status: string;
  inviteExpiresAt: string | null;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  actor: { type: string; name: string; id: string };
  entity: unknown;
  at: string;
  correlationId: string | null;
  variants: { sku: string; priceKes: number }[];
}
/** The columns these tests read (each query selects some of them). */
interface DbRow {
  phone: string;
  code_hash: string;
  user_id: string | null;
  s: string;
  entity_id: string;
  token_hash: string;
  action: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

const call = jsonCaller<Answer>(() => stack.api.url, '203.0');
const login = (store: string, role: 'owner' | 'admin' | 'staff') => demoLogin(call, store, role);
const sql = stack.sql<DbRow>;
const { tenantOf } = stack;
const ownerPhone = async (store: string) =>
  (await sql(`SELECT phone FROM users WHERE tenant_id = $1 AND role = 'owner'`, [tenantOf(store)]))[0]!.phone;

/** One fixed client address for every call (the per-IP limits are what is tested). */
async function fromIp(
  ip: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<JsonResponse<Answer>> {
  const res = await fetch(`${stack.api.url}${path}`, {
    method,
    headers: {
      'x-forwarded-for': ip,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return jsonResponse(res.status, res.headers, text ? (JSON.parse(text) as unknown) : undefined);
}

const smsTo = async (phone: string) =>
  (
    (await (await fetch(`${stack.sandbox.url}/__admin/sms/messages?to=%2B${phone}`)).json()) as {
      messages: { message: string }[];
    }
  ).messages;
/** Waits for the n-th SMS matching pattern to phone; returns its text. */
async function nthSms(phone: string, pattern: RegExp, n: number): Promise<string> {
  const list = await waitFor(`SMS #${n} to ${phone}`, async () => {
    const matching = (await smsTo(phone)).filter((m) => pattern.test(m.message));
    return matching.length >= n ? matching : null;
  });
  return list[n - 1]!.message;
}
const codeOf = (text: string) => /\b(\d{6})\b/.exec(text)![1]!;
let phoneSeq = 100;
const freshPhone = () => `2547${String(++phoneSeq).padStart(3, '0')}99${String(phoneSeq).padStart(3, '0')}`;

describe('sign-in by SMS code', () => {
  test('an owner asks for a code, gets it by SMS and signs in with it; the code works once', async () => {
    const phone = await ownerPhone('nairobi-gadgets');
    const asked = await call('POST', '/v1/owner/auth/otp/request', { store: 'nairobi-gadgets', phone });
    assert.equal(asked.status, 202, JSON.stringify(asked.body));
    const text = await nthSms(phone, /Sokoni code for/, 1);
    assert.match(text, /^Your Sokoni code for Nairobi Gadgets is \d{6}\. It expires in 5 minutes\.$/);
    const stored = await sql(
      `SELECT code_hash, attempts, user_id FROM owner_otps WHERE tenant_id = $1 AND phone = $2`,
      [tenantOf('nairobi-gadgets'), phone],
    );
    assert.equal(stored.length, 1);
    assert.ok(!stored[0]!.code_hash.includes(codeOf(text)), 'only a hash of the code is stored');
    const verified = await call('POST', '/v1/owner/auth/otp/verify', {
      store: 'nairobi-gadgets',
      phone,
      code: codeOf(text),
    });
    assert.equal(verified.status, 200, JSON.stringify(verified.body));
    assert.equal(verified.body.user.role, 'owner');
    assert.ok(verified.body.refreshToken);
    const me = await call('GET', '/v1/owner/auth/me', undefined, verified.body.accessToken);
    assert.equal(me.status, 200);
    assert.equal(me.body.store.slug, 'nairobi-gadgets');
    assert.equal(me.body.user.phone, phone);
    assert.ok(me.body.permissions.includes('staff.manage'));
    const again = await call('POST', '/v1/owner/auth/otp/verify', {
      store: 'nairobi-gadgets',
      phone,
      code: codeOf(text),
    });
    assert.equal(again.status, 401, 'a used code is spent');
  });

  test('an unknown phone gets the very same 202, no SMS, and verifying it answers like a known phone', async () => {
    const known = await ownerPhone('saa-bora');
    const unknown = freshPhone();
    const a = await call('POST', '/v1/owner/auth/otp/request', { store: 'saa-bora', phone: known });
    const b = await call('POST', '/v1/owner/auth/otp/request', { store: 'saa-bora', phone: unknown });
    assert.equal(a.status, 202);
    assert.equal(b.status, 202);
    assert.deepEqual(a.body, b.body);
    await nthSms(known, /Sokoni code for/, 1);
    // Who gets an SMS is decided before the 202 (the code row names its user, or nobody), and
    // the API logs every SMS it sends with the request's correlation id: the known phone's
    // request has its line; the unknown phone's request has none, and its code belongs to nobody.
    const [unknownCode] = await sql(`SELECT user_id FROM owner_otps WHERE phone = $1 AND purpose = 'login'`, [unknown]);
    assert.equal(unknownCode?.user_id, null, "the unknown phone's code belongs to no user");
    const smsLogged = (response: JsonResponse<unknown>) =>
      stack.api
        .logs()
        .filter(
          (e) => String(e.msg).startsWith('owner sms') && e.correlation_id === response.headers.get('x-request-id'),
        );
    await waitFor("the API to log the known phone's SMS", () => smsLogged(a).some((e) => e.msg === 'owner sms sent'));
    assert.deepEqual(smsLogged(b), [], 'no SMS started for the unknown phone');
    assert.equal((await smsTo(unknown)).length, 0, 'no SMS to a phone without an account');
    const wrongKnown = await call('POST', '/v1/owner/auth/otp/verify', {
      store: 'saa-bora',
      phone: known,
      code: '000000' === codeOf(await nthSms(known, /Sokoni code for/, 1)) ? '111111' : '000000',
    });
    const wrongUnknown = await call('POST', '/v1/owner/auth/otp/verify', {
      store: 'saa-bora',
      phone: unknown,
      code: '000000',
    });
    assert.equal(wrongKnown.status, 401);
    assert.equal(wrongUnknown.status, 401);
    assert.equal(wrongKnown.body.error.message, wrongUnknown.body.error.message);
    assert.deepEqual(
      { ...wrongKnown.body.error.details, correlationId: 0 },
      { ...wrongUnknown.body.error.details, correlationId: 0 },
    );
  });

  test('five wrong codes burn the code (even the right one then fails); an expired code is refused', async () => {
    const phone = await ownerPhone('mtindo-fashion');
    assert.equal((await call('POST', '/v1/owner/auth/otp/request', { store: 'mtindo-fashion', phone })).status, 202);
    const code = codeOf(await nthSms(phone, /Sokoni code for/, 1));
    const wrong = code === '123456' ? '654321' : '123456';
    const answers: [number, unknown][] = [];
    for (let i = 0; i < 5; i++) {
      const res = await call('POST', '/v1/owner/auth/otp/verify', { store: 'mtindo-fashion', phone, code: wrong });
      answers.push([res.status, res.body.error.details.attemptsLeft]);
    }
    assert.deepEqual(answers, [
      [401, 4],
      [401, 3],
      [401, 2],
      [401, 1],
      [401, 0],
    ]);
    const burnt = await call('POST', '/v1/owner/auth/otp/verify', { store: 'mtindo-fashion', phone, code });
    assert.equal(burnt.status, 401);
    assert.equal(burnt.body.error.details.reason, 'code_attempts_exhausted');
    assert.match(burnt.body.error.message, /request a new code/);

    assert.equal((await call('POST', '/v1/owner/auth/otp/request', { store: 'mtindo-fashion', phone })).status, 202);
    const second = codeOf(await nthSms(phone, /Sokoni code for/, 2));
    await sql(
      `UPDATE owner_otps SET expires_at = now() - interval '1 second' WHERE tenant_id = $1 AND phone = $2 AND used_at IS NULL`,
      [tenantOf('mtindo-fashion'), phone],
    );
    const expired = await call('POST', '/v1/owner/auth/otp/verify', { store: 'mtindo-fashion', phone, code: second });
    assert.equal(expired.status, 401);
    assert.equal(expired.body.error.details.reason, 'code_expired_or_missing');
    assert.match(expired.body.error.message, /Request a new code/);
  });

  test('codes are rate limited per phone and per address, with Retry-After and a clear message', async () => {
    const phone = freshPhone();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await call('POST', '/v1/owner/auth/otp/request', { store: 'nyumba-living', phone })).status);
    assert.deepEqual(statuses, [202, 202, 202, 429]);
    const limited = await call('POST', '/v1/owner/auth/otp/request', { store: 'nyumba-living', phone });
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error.code, 'rate_limited');
    assert.match(limited.body.error.message, /Too many codes requested for this phone\. Try again in \d+ minutes?\./);
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    // Another store's counter is its own.
    assert.equal((await call('POST', '/v1/owner/auth/otp/request', { store: 'saa-bora', phone })).status, 202);

    const ip = '192.0.2.77';
    const fromOneAddress: number[] = [];
    for (let i = 0; i < 21; i++)
      fromOneAddress.push(
        (await fromIp(ip, 'POST', '/v1/owner/auth/otp/request', { store: 'nyumba-living', phone: freshPhone() }))
          .status,
      );
    assert.deepEqual(fromOneAddress, [...Array<number>(20).fill(202), 429]);
    const last = await fromIp(ip, 'POST', '/v1/owner/auth/otp/request', {
      store: 'mtindo-fashion',
      phone: freshPhone(),
    });
    assert.equal(last.status, 429);
    assert.match(last.body.error.message, /from your network/);
    assert.ok(Number(last.headers.get('retry-after')) > 0);

    // Verifying is limited too: 10 tries per phone per hour, whatever the code.
    const guesser = freshPhone();
    const tries: number[] = [];
    for (let i = 0; i < 11; i++)
      tries.push(
        (
          await call('POST', '/v1/owner/auth/otp/verify', {
            store: 'nyumba-living',
            phone: guesser,
            code: String(100000 + i),
          })
        ).status,
      );
    assert.deepEqual(tries, [...Array<number>(10).fill(401), 429]);
  });

  test('bad input is a 400 with the issues, never a 500', async () => {
    for (const [path, body] of [
      ['/v1/owner/auth/otp/request', {}],
      ['/v1/owner/auth/otp/request', { store: 'saa-bora', phone: '0712345678' }],
      ['/v1/owner/auth/otp/verify', { store: 'saa-bora', phone: '254712345678', code: '12ab56' }],
      [
        '/v1/owner/auth/password/reset',
        { store: 'saa-bora', phone: '254712345678', code: '123456', newPassword: 'short' },
      ],
      ['/v1/owner/auth/invites/accept', { token: 'nope', password: 'long-enough-password' }],
    ] as const) {
      const res = await call('POST', path, body);
      assert.equal(res.status, 400, `${path} ${JSON.stringify(body)}`);
      assert.equal(res.body.error.code, 'validation_failed');
    }
    assert.equal(
      (await call('POST', '/v1/owner/auth/otp/request', { store: 'no-such-store', phone: '254712345678' })).status,
      404,
    );
  });
});

describe('password login brute force', () => {
  test('per account: locked after 5 wrong passwords (by email or phone alike), the message says until when', async () => {
    const email = 'owner@mtindo-fashion.sokoni.test';
    const phone = await ownerPhone('mtindo-fashion');
    for (let i = 0; i < 5; i++)
      assert.equal(
        (await call('POST', '/v1/owner/auth/login', { store: 'mtindo-fashion', email, password: 'not-it' })).status,
        401,
      );
    const locked = await call('POST', '/v1/owner/auth/login', {
      store: 'mtindo-fashion',
      phone,
      password: DEMO_PASSWORD,
    });
    assert.equal(locked.status, 429);
    assert.match(
      locked.body.error.message,
      /Too many wrong passwords for this account\. Try again in 15 minutes \(at \d\d:\d\d Nairobi time\)/,
    );
    assert.ok(Number(locked.headers.get('retry-after')) > 800);
    assert.ok(Date.parse(locked.body.error.details.retryAt) > Date.now());
  });

  test('per address: 15 failed sign-ins from one address at a store, then 429 for that address only', async () => {
    const ip = '192.0.2.201';
    const statuses: number[] = [];
    for (let i = 0; i < 16; i++) {
      statuses.push(
        (
          await fromIp(ip, 'POST', '/v1/owner/auth/login', {
            store: 'saa-bora',
            email: `nobody${i}@example.com`,
            password: 'guess',
          })
        ).status,
      );
    }
    assert.deepEqual(statuses, [...Array<number>(15).fill(401), 429]);
    const right = await fromIp(ip, 'POST', '/v1/owner/auth/login', {
      store: 'saa-bora',
      email: 'owner@saa-bora.sokoni.test',
      password: DEMO_PASSWORD,
    });
    assert.equal(right.status, 429, 'the address is blocked even with the right password');
    assert.match(right.body.error.message, /Too many failed sign-ins from your network\. Try again in \d+ minutes/);
    assert.ok(Number(right.headers.get('retry-after')) > 0);
    assert.equal(
      (
        await fromIp('192.0.2.202', 'POST', '/v1/owner/auth/login', {
          store: 'saa-bora',
          email: 'owner@saa-bora.sokoni.test',
          password: DEMO_PASSWORD,
        })
      ).status,
      200,
    );
  });
});

describe('password reset by SMS code', () => {
  test('new password: the old one stops working, sessions end, the lockout is lifted, an audit row is written', async () => {
    const store = 'nyumba-living';
    const phone = await ownerPhone(store);
    const email = `owner@${store}.sokoni.test`;
    const session = await login(store, 'owner');
    for (let i = 0; i < 5; i++)
      await call('POST', '/v1/owner/auth/login', { store, email, password: 'wrong-password' });
    assert.equal(
      (await call('POST', '/v1/owner/auth/login', { store, email, password: DEMO_PASSWORD })).status,
      429,
      'locked out',
    );

    const asked = await call('POST', '/v1/owner/auth/password/reset/request', { store, phone });
    assert.equal(asked.status, 202);
    const text = await nthSms(phone, /password reset code/, 1);
    assert.match(text, /Your Sokoni password reset code for Nyumba Living is \d{6}\. It expires in 5 minutes\./);
    // The login code and the reset code are different things.
    assert.equal((await call('POST', '/v1/owner/auth/otp/verify', { store, phone, code: codeOf(text) })).status, 401);
    // A token minted a moment before the reset, early in the same second, dies with it too (the
    // cutoff and the token's issue time have microseconds; iat alone has whole seconds).
    await waitFor('the first 150 ms of a clock second', () => Date.now() % 1000 <= 150, {
      intervalMs: 5,
      timeoutMs: 2_000,
    });
    const justBefore = await call('POST', '/v1/owner/auth/refresh', { store, refreshToken: session.refreshToken });
    assert.equal(justBefore.status, 200, JSON.stringify(justBefore.body));
    const newPassword = 'mpya-kabisa-2026';
    const reset = await call('POST', '/v1/owner/auth/password/reset', {
      store,
      phone,
      code: codeOf(text),
      newPassword,
    });
    assert.equal(reset.status, 204, JSON.stringify(reset.body));
    const claims = JSON.parse(Buffer.from(justBefore.body.accessToken.split('.')[1]!, 'base64url').toString()) as {
      iat: number;
    };
    const [cutoff] = await sql(
      `SELECT floor(extract(epoch FROM tokens_valid_after))::bigint AS s FROM users WHERE id = $1`,
      [session.user.id],
    );
    console.log(
      `# token iat ${claims.iat}, reset at second ${cutoff!.s}: ${Number(cutoff!.s) === claims.iat ? 'the same second' : 'different seconds'}`,
    );
    assert.equal(
      (await call('GET', '/v1/owner/auth/me', undefined, justBefore.body.accessToken)).status,
      401,
      'minted just before the reset: refused',
    );

    assert.equal(
      (await call('POST', '/v1/owner/auth/login', { store, email, password: DEMO_PASSWORD })).status,
      401,
      'old password refused',
    );
    const fresh = await call('POST', '/v1/owner/auth/login', { store, email, password: newPassword });
    assert.equal(fresh.status, 200, 'new password works and the lockout is gone');
    assert.equal(
      (await call('POST', '/v1/owner/auth/refresh', { store, refreshToken: justBefore.body.refreshToken })).status,
      401,
      'old refresh token revoked',
    );
    const oldAccess = await call('GET', '/v1/owner/auth/me', undefined, session.accessToken);
    assert.equal(oldAccess.status, 401, 'old access token refused');
    assert.equal(oldAccess.body.error.details.reason, 'session_revoked');
    assert.equal((await call('GET', '/v1/owner/auth/me', undefined, fresh.body.accessToken)).status, 200);
    const audit = await sql(
      `SELECT actor_id, entity_id FROM audit_log WHERE tenant_id = $1 AND action = 'user.password_reset'`,
      [tenantOf(store)],
    );
    assert.equal(audit.length, 1);
    assert.equal(audit[0]?.entity_id, session.user.id);
    assert.equal(
      (
        await call('POST', '/v1/owner/auth/password/reset', {
          store,
          phone,
          code: codeOf(text),
          newPassword: 'another-one-2026',
        })
      ).status,
      401,
      'the code works once',
    );
    // Put the demo password back for anything else that logs in here.
    await call('POST', '/v1/owner/auth/password/reset/request', { store, phone });
    const again = codeOf(await nthSms(phone, /password reset code/, 2));
    assert.equal(
      (await call('POST', '/v1/owner/auth/password/reset', { store, phone, code: again, newPassword: DEMO_PASSWORD }))
        .status,
      204,
    );
  });
});

describe('staff', () => {
  const store = 'saa-bora';
  let invited: { id: string; phone: string; inviteUrl: string };

  test('the owner invites by phone: SMS with the link, the link sets a password once, the new person logs in', async () => {
    const owner = await login(store, 'owner');
    const phone = freshPhone();
    const res = await call(
      'POST',
      '/v1/owner/staff/invites',
      { name: 'Wanjiku Kamau', role: 'staff', phone },
      owner.accessToken,
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.user.status, 'invited');
    assert.equal(res.body.user.role, 'staff');
    assert.match(res.body.inviteUrl, /^http:\/\/127\.0\.0\.1:3000\/owner\/invite\/saa-bora\.[A-Za-z0-9_-]{43}$/);
    invited = { id: res.body.user.id, phone, inviteUrl: res.body.inviteUrl };
    const sms = await nthSms(phone, /invited/, 1);
    assert.ok(sms.includes(res.body.inviteUrl), sms);
    const stored = await sql(`SELECT token_hash FROM staff_invites WHERE tenant_id = $1 AND user_id = $2`, [
      tenantOf(store),
      invited.id,
    ]);
    assert.ok(!res.body.inviteUrl.includes(stored[0]!.token_hash), 'only the hash is stored');

    const list = await call('GET', '/v1/owner/staff', undefined, owner.accessToken);
    assert.equal(list.status, 200);
    const row = list.body.items.find((u) => u.id === invited.id);
    assert.equal(row?.status, 'invited');
    assert.ok(row?.inviteExpiresAt);
    assert.ok(list.body.items.every((u) => !('password_hash' in u) && !('passwordHash' in u)));
    assert.equal(list.body.items.length, 4);

    assert.equal(
      (await call('POST', '/v1/owner/staff/invites', { name: 'Again', role: 'staff', phone }, owner.accessToken))
        .status,
      409,
      'same phone twice',
    );
    assert.equal(
      (await call('POST', '/v1/owner/staff/invites', { name: 'No contact', role: 'staff' }, owner.accessToken)).status,
      400,
    );
    assert.equal(
      (
        await call(
          'POST',
          '/v1/owner/staff/invites',
          { name: 'Boss', role: 'owner', email: 'boss@example.com' },
          owner.accessToken,
        )
      ).status,
      400,
    );

    const token = res.body.inviteUrl.split('/invite/')[1]!;
    assert.equal((await call('POST', '/v1/owner/auth/invites/accept', { token, password: 'short' })).status, 400);
    const accepted = await call('POST', '/v1/owner/auth/invites/accept', { token, password: 'wanjiku-password-1' });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    assert.equal(accepted.body.user.role, 'staff');
    assert.equal(
      (await call('GET', '/v1/owner/auth/me', undefined, accepted.body.accessToken)).body.user.name,
      'Wanjiku Kamau',
    );
    const reused = await call('POST', '/v1/owner/auth/invites/accept', { token, password: 'another-password-1' });
    assert.equal(reused.status, 404, 'single use');
    assert.match(reused.body.error.message, /not valid/);
    const forged = await call('POST', '/v1/owner/auth/invites/accept', {
      token: `${token.slice(0, -4)}AAAA`,
      password: 'another-password-1',
    });
    assert.equal(forged.status, 404);
    const loggedIn = await call('POST', '/v1/owner/auth/login', { store, phone, password: 'wanjiku-password-1' });
    assert.equal(loggedIn.status, 200);
    assert.equal(loggedIn.body.user.id, invited.id);
  });

  test('an email-only invite returns the link for the owner to share; staff and admins may not invite', async () => {
    const owner = await login(store, 'owner');
    const res = await call(
      'POST',
      '/v1/owner/staff/invites',
      { name: 'Otieno', role: 'admin', email: 'Otieno@Example.com' },
      owner.accessToken,
    );
    assert.equal(res.status, 201);
    assert.equal(res.body.smsSent, false);
    assert.equal(res.body.user.email, 'otieno@example.com');
    assert.ok(res.body.inviteUrl);
    for (const role of ['staff', 'admin'] as const) {
      const other = await login(store, role);
      const denied = await call(
        'POST',
        '/v1/owner/staff/invites',
        { name: 'X', role: 'staff', email: `x-${role}@example.com` },
        other.accessToken,
      );
      assert.equal(denied.status, 403);
      assert.equal(denied.body.error.details.permission, 'staff.manage');
      assert.equal((await call('GET', '/v1/owner/staff', undefined, other.accessToken)).status, 403);
    }
  });

  test('disabling someone ends their sessions at once; re-enabling lets them log in again', async () => {
    const owner = await login(store, 'owner');
    const session = await call('POST', '/v1/owner/auth/login', {
      store,
      phone: invited.phone,
      password: 'wanjiku-password-1',
    });
    assert.equal(
      (await call('GET', '/v1/owner/catalog/products?limit=1', undefined, session.body.accessToken)).status,
      200,
    );
    const disabled = await call('PATCH', `/v1/owner/staff/${invited.id}`, { status: 'disabled' }, owner.accessToken);
    assert.equal(disabled.status, 200, JSON.stringify(disabled.body));
    assert.equal(disabled.body.user.status, 'disabled');
    const refused = await call('GET', '/v1/owner/catalog/products?limit=1', undefined, session.body.accessToken);
    assert.equal(refused.status, 401, 'the access token fails immediately');
    assert.equal(refused.body.error.details.reason, 'account_disabled');
    assert.equal(
      (await call('POST', '/v1/owner/auth/refresh', { store, refreshToken: session.body.refreshToken })).status,
      401,
    );
    assert.equal(
      (await call('POST', '/v1/owner/auth/login', { store, phone: invited.phone, password: 'wanjiku-password-1' }))
        .status,
      401,
    );
    const enabled = await call('PATCH', `/v1/owner/staff/${invited.id}`, { status: 'active' }, owner.accessToken);
    assert.equal(enabled.status, 200);
    assert.equal(
      (await call('POST', '/v1/owner/auth/login', { store, phone: invited.phone, password: 'wanjiku-password-1' }))
        .status,
      200,
    );
    const audit = await sql(
      `SELECT action, before, after FROM audit_log WHERE tenant_id = $1 AND entity_id = $2 AND action IN ('user.disabled', 'user.enabled') ORDER BY id`,
      [tenantOf(store), invited.id],
    );
    assert.deepEqual(
      audit.map((a) => [a.action, a.before.status, a.after.status]),
      [
        ['user.disabled', 'active', 'disabled'],
        ['user.enabled', 'disabled', 'active'],
      ],
    );
    assert.equal(
      (
        await call(
          'PATCH',
          `/v1/owner/staff/00000000-0000-4000-8000-000000000000`,
          { status: 'disabled' },
          owner.accessToken,
        )
      ).status,
      404,
    );
    assert.equal(
      (await call('PATCH', `/v1/owner/staff/not-a-uuid`, { status: 'disabled' }, owner.accessToken)).status,
      400,
    );
    assert.equal((await call('PATCH', `/v1/owner/staff/${invited.id}`, {}, owner.accessToken)).status, 400);
    assert.equal(
      (await call('PATCH', `/v1/owner/staff/${invited.id}`, { status: 'invited' }, owner.accessToken)).status,
      400,
    );
  });

  test('roles: a change applies at once, nobody changes their own role, the last owner stays', async () => {
    const owner = await login(store, 'owner');
    const admin = await login(store, 'admin');
    const last = await call('PATCH', `/v1/owner/staff/${owner.user.id}`, { role: 'admin' }, owner.accessToken);
    assert.equal(last.status, 409);
    assert.equal(last.body.error.details.reason, 'last_owner');
    assert.match(last.body.error.message, /only active owner/);
    assert.equal(
      (await call('PATCH', `/v1/owner/staff/${owner.user.id}`, { status: 'disabled' }, owner.accessToken)).status,
      409,
    );

    // Promote the admin: their current token carries the new role's permissions straight away.
    assert.equal((await call('GET', '/v1/owner/staff', undefined, admin.accessToken)).status, 403);
    assert.equal(
      (await call('PATCH', `/v1/owner/staff/${admin.user.id}`, { role: 'owner' }, owner.accessToken)).status,
      200,
    );
    assert.equal((await call('GET', '/v1/owner/staff', undefined, admin.accessToken)).status, 200);
    const self = await call('PATCH', `/v1/owner/staff/${owner.user.id}`, { role: 'admin' }, owner.accessToken);
    assert.equal(self.status, 403, 'two owners now, but not your own role');
    assert.equal(self.body.error.details.reason, 'self_change');
    // The second owner demotes the first; then they are the last one.
    assert.equal(
      (await call('PATCH', `/v1/owner/staff/${owner.user.id}`, { role: 'admin' }, admin.accessToken)).status,
      200,
    );
    assert.equal((await call('GET', '/v1/owner/staff', undefined, owner.accessToken)).status, 403, 'demoted at once');
    assert.equal(
      (await call('PATCH', `/v1/owner/staff/${admin.user.id}`, { role: 'staff' }, admin.accessToken)).status,
      409,
    );
    // Back as seeded.
    assert.equal(
      (await call('PATCH', `/v1/owner/staff/${owner.user.id}`, { role: 'owner' }, admin.accessToken)).status,
      200,
    );
    assert.equal(
      (await call('PATCH', `/v1/owner/staff/${admin.user.id}`, { role: 'admin' }, owner.accessToken)).status,
      200,
    );
  });

  test('the audit viewer shows role changes and price changes with who, when, before and after; staff may not read it', async () => {
    const owner = await login(store, 'owner');
    const roles = await call(
      'GET',
      `/v1/owner/audit?action=user.role_changed&entityId=${owner.user.id}`,
      undefined,
      owner.accessToken,
    );
    assert.equal(roles.status, 200, JSON.stringify(roles.body));
    const [latest, first] = roles.body.items as [Item, Item];
    assert.deepEqual([latest.before, latest.after], [{ role: 'admin' }, { role: 'owner' }], 'newest first');
    assert.deepEqual([first.before, first.after], [{ role: 'owner' }, { role: 'admin' }]);
    assert.equal(latest.actor.type, 'user');
    assert.equal(latest.actor.name, 'Saa Bora Admin');
    assert.deepEqual(latest.entity, { type: 'user', id: owner.user.id });
    assert.ok(Date.parse(latest.at) > Date.now() - 600_000);
    assert.ok(latest.correlationId);

    const { body: products } = await call(
      'GET',
      '/v1/owner/catalog/products?limit=1&status=active',
      undefined,
      owner.accessToken,
    );
    const variant = products.items[0]!.variants[0]!;
    const changed = await call(
      'PATCH',
      `/v1/owner/catalog/variants/${variant.sku}/price`,
      { priceKes: variant.priceKes + 500, compareAtKes: null },
      owner.accessToken,
    );
    assert.equal(changed.status, 200);
    const prices = await call(
      'GET',
      `/v1/owner/audit?action=product.price_changed&entityType=variant&entityId=${encodeURIComponent(variant.sku)}`,
      undefined,
      owner.accessToken,
    );
    assert.equal(prices.body.items.length, 1);
    assert.equal(prices.body.items[0]!.before.priceKes, variant.priceKes);
    assert.equal(prices.body.items[0]!.after.priceKes, variant.priceKes + 500);
    assert.equal(prices.body.items[0]!.actor.name, 'Saa Bora Owner');
    assert.equal(prices.body.items[0]!.actor.id, owner.user.id);

    // Keyset pages: no overlap, no gap, newest first.
    const all = await call('GET', '/v1/owner/audit?limit=100', undefined, owner.accessToken);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: JsonResponse<Answer> = await call(
        'GET',
        `/v1/owner/audit?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        undefined,
        owner.accessToken,
      );
      assert.equal(page.status, 200);
      seen.push(...page.body.items.map((i) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor && seen.length < 100);
    assert.deepEqual(
      seen.slice(0, all.body.items.length),
      all.body.items.map((i) => i.id),
    );
    assert.deepEqual(
      [...seen].sort((a, b) => Number(b) - Number(a)),
      seen,
    );
    const byActor = await call('GET', `/v1/owner/audit?actorId=${owner.user.id}`, undefined, owner.accessToken);
    assert.ok(byActor.body.items.length >= 2 && byActor.body.items.every((i) => i.actor.id === owner.user.id));

    const admin = await login(store, 'admin');
    assert.equal((await call('GET', '/v1/owner/audit', undefined, admin.accessToken)).status, 200);
    const staff = await login(store, 'staff');
    const denied = await call('GET', '/v1/owner/audit', undefined, staff.accessToken);
    assert.equal(denied.status, 403);
    assert.equal(denied.body.error.details.permission, 'audit.read');
    assert.equal((await call('GET', '/v1/owner/audit?cursor=garbage', undefined, owner.accessToken)).status, 400);
    assert.equal((await call('GET', '/v1/owner/audit?limit=1000', undefined, owner.accessToken)).status, 400);
    assert.equal((await call('GET', '/v1/owner/audit?action=DROP', undefined, owner.accessToken)).status, 400);
  });

  test('/me lists what the role may do', async () => {
    const staff = await login(store, 'staff');
    const me = await call('GET', '/v1/owner/auth/me', undefined, staff.accessToken);
    assert.equal(me.status, 200);
    assert.equal(me.body.user.role, 'staff');
    assert.deepEqual(me.body.store, { slug: 'saa-bora', name: 'Saa Bora', status: 'active' });
    assert.ok(me.body.permissions.includes('orders.fulfil'));
    assert.ok(!me.body.permissions.includes('prices.write'));
    assert.ok(!('passwordHash' in me.body.user));
  });
});

describe('log everyone out', () => {
  test("rotating store A's secret logs out all of store A, and nobody at store B", async () => {
    const owner = await login('nairobi-gadgets', 'owner');
    const staff = await login('nairobi-gadgets', 'staff');
    const admin = await login('nairobi-gadgets', 'admin');
    const other = await login('saa-bora', 'owner');
    assert.equal((await call('POST', '/v1/owner/auth/sessions/revoke-all', undefined, staff.accessToken)).status, 403);
    assert.equal((await call('POST', '/v1/owner/auth/sessions/revoke-all', undefined, admin.accessToken)).status, 403);
    const revoked = await call('POST', '/v1/owner/auth/sessions/revoke-all', undefined, owner.accessToken);
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    assert.ok(revoked.body.refreshTokensRevoked >= 3);
    for (const session of [owner, staff, admin]) {
      assert.equal((await call('GET', '/v1/owner/auth/me', undefined, session.accessToken)).status, 401);
      assert.equal(
        (await call('POST', '/v1/owner/auth/refresh', { store: 'nairobi-gadgets', refreshToken: session.refreshToken }))
          .status,
        401,
      );
    }
    assert.equal(
      (await call('GET', '/v1/owner/auth/me', undefined, other.accessToken)).status,
      200,
      'the other store is untouched',
    );
    assert.equal(
      (await call('POST', '/v1/owner/auth/refresh', { store: 'saa-bora', refreshToken: other.refreshToken })).status,
      200,
    );
    const again = await login('nairobi-gadgets', 'owner');
    assert.equal(
      (await call('GET', '/v1/owner/auth/me', undefined, again.accessToken)).status,
      200,
      'logging in again works',
    );
    const audit = await call('GET', '/v1/owner/audit?action=auth.sessions_revoked', undefined, again.accessToken);
    assert.equal(audit.body.items.length, 1);
    assert.equal(audit.body.items[0]!.actor.id, owner.user.id);
    assert.equal(audit.body.items[0]!.after.refreshTokensRevoked, revoked.body.refreshTokensRevoked);
  });
});
