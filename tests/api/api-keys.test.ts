// Owner API keys end to end, real processes: an owner creates a key (scopes from the permission
// matrix, optional expiry), sees it once, and the merchant's system calls the owner API with
// `Authorization: Bearer sk_live_...` through the same guard as a dashboard token. Scopes are
// enforced (a read-only key cannot write), a key never exceeds its creator's role, keys cannot
// manage keys, and expired, revoked, wrong-secret and other-store keys get a 401 in words.
// Creation and revocation leave audit rows; only a SHA-256 of the key is stored.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  apiKeyCreatedAnswerSchema,
  apiKeyListAnswerSchema,
  apiKeyRevokedAnswerSchema,
  ROLE_PERMISSIONS,
} from '@sokoni/contracts';
import { useApiStack } from '../helpers/api-fixture.ts';
import { demoLogin, jsonCaller } from '../helpers/http.ts';

const STORE = 'saa-bora';
const OTHER = 'nairobi-gadgets';
const stack = useApiStack();
const call = jsonCaller(() => stack.api.url, '10.39');
const KEYS = '/v1/owner/settings/api-keys';

let owner: string;
let admin: string;
let staff: string;
let otherOwner: string;

stack.before(async () => {
  owner = (await demoLogin(call, STORE, 'owner')).accessToken;
  admin = (await demoLogin(call, STORE, 'admin')).accessToken;
  staff = (await demoLogin(call, STORE, 'staff')).accessToken;
  otherOwner = (await demoLogin(call, OTHER, 'owner')).accessToken;
});

async function createKey(token: string, body: Record<string, unknown>) {
  const res = await call('POST', KEYS, body, token);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.jsonAs(apiKeyCreatedAnswerSchema);
}

const issuePaths = (res: { apiError(): { details?: unknown } }) =>
  ((res.apiError().details as { issues?: { path: string }[] }).issues ?? []).map((i) => i.path);

describe('owner API keys', () => {
  test('created once: the answer holds the key, the list and the database never do', async () => {
    const created = await createKey(owner, { name: 'Accounting sync', scopes: ['orders.read', 'catalog.read'] });
    assert.match(created.secret, /^sk_live_[a-z2-7]{12}_[0-9a-f]{96}$/);
    assert.equal(created.key.prefix, `sk_live_${created.key.id}`);
    assert.ok(created.secret.startsWith(created.key.prefix));
    assert.deepEqual(created.key.scopes, ['catalog.read', 'orders.read']);
    assert.equal(created.key.state, 'active');

    const list = await call('GET', KEYS, undefined, owner);
    assert.equal(list.status, 200);
    const answer = list.jsonAs(apiKeyListAnswerSchema);
    assert.ok(answer.keys.some((k) => k.id === created.key.id));
    assert.ok(!JSON.stringify(list.body).includes(created.secret.slice(-64)), 'the list never shows the secret');
    assert.deepEqual(answer.assignableScopes, [...ROLE_PERMISSIONS.owner]);

    const [row] = await stack.sql<{ secret_hash: Buffer; text: string }>(
      `SELECT secret_hash, row_to_json(k)::text AS text FROM owner_api_keys k WHERE id = $1`,
      [created.key.id],
    );
    assert.deepEqual(row!.secret_hash, createHash('sha256').update(created.secret).digest());
    assert.ok(!row!.text.includes(created.secret.slice(-64)), 'no column holds the secret');
  });

  test('a read-only key reads, cannot write, and sees only its own store; last use is recorded', async () => {
    const { secret, key } = await createKey(owner, { name: 'Read only', scopes: ['orders.read', 'catalog.read'] });
    const withKey = await call<{ items: { number: number }[] }>('GET', '/v1/owner/orders', undefined, secret);
    assert.equal(withKey.status, 200, JSON.stringify(withKey.body));
    const withToken = await call<{ items: { number: number }[] }>('GET', '/v1/owner/orders', undefined, owner);
    assert.deepEqual(withKey.body, withToken.body, 'the key sees what its creator sees in the same store');

    const write = await call('POST', '/v1/owner/settings/domains', { host: 'shop.read-only.test' }, secret);
    assert.equal(write.status, 403);
    assert.match(write.apiError().message, /scopes do not include settings\.write/);

    const keys = await call('GET', KEYS, undefined, secret);
    assert.equal(keys.status, 403, 'a key cannot list keys (its scopes lack settings.write)');

    const [used] = await stack.sql<{ last_used_at: Date | null }>(
      `SELECT last_used_at FROM owner_api_keys WHERE id = $1`,
      [key.id],
    );
    assert.ok(used!.last_used_at, 'last_used_at is set after a call');
  });

  test('even a key with settings.write cannot manage keys', async () => {
    const { secret } = await createKey(owner, { name: 'Settings bot', scopes: ['settings.write'] });
    for (const [method, body] of [
      ['GET', undefined],
      ['POST', { name: 'Successor', scopes: ['settings.write'] }],
    ] as const) {
      const res = await call(method, KEYS, body, secret);
      assert.equal(res.status, 403, `${method} ${JSON.stringify(res.body)}`);
      assert.equal((res.apiError().details as { reason?: string }).reason, 'api_key_not_allowed');
    }
  });

  test('a key never exceeds its creator: admin cannot give staff.manage, staff cannot create keys', async () => {
    const beyond = await call('POST', KEYS, { name: 'Too much', scopes: ['orders.read', 'staff.manage'] }, admin);
    assert.equal(beyond.status, 403);
    assert.match(beyond.apiError().message, /cannot do more than you.*staff\.manage/);
    const asStaff = await call('POST', KEYS, { name: 'Staff key', scopes: ['orders.read'] }, staff);
    assert.equal(asStaff.status, 403);

    // An admin's key with settings.write keeps working only while the admin still has it.
    const { secret } = await createKey(admin, { name: 'Admin tool', scopes: ['orders.read'] });
    assert.equal((await call('GET', '/v1/owner/orders', undefined, secret)).status, 200);
  });

  test('bad input is refused naming the field', async () => {
    const noName = await call('POST', KEYS, { scopes: ['orders.read'] }, owner);
    assert.equal(noName.status, 400);
    assert.deepEqual(issuePaths(noName), ['name']);
    const badScope = await call('POST', KEYS, { name: 'x', scopes: ['orders.everything'] }, owner);
    assert.equal(badScope.status, 400);
    assert.ok(issuePaths(badScope)[0]!.startsWith('scopes'));
    const noScopes = await call('POST', KEYS, { name: 'x', scopes: [] }, owner);
    assert.equal(noScopes.status, 400);
    const past = await call(
      'POST',
      KEYS,
      { name: 'x', scopes: ['orders.read'], expiresAt: '2020-01-01T00:00:00Z' },
      owner,
    );
    assert.equal(past.status, 400);
    assert.deepEqual(issuePaths(past), ['expiresAt']);
    assert.match(JSON.stringify(past.body), /must be in the future/);
    const badId = await call('DELETE', `${KEYS}/not-an-id`, undefined, owner);
    assert.equal(badId.status, 400);
  });

  test('expired, revoked, wrong secret, malformed and other-store keys: 401 in words', async () => {
    const expiring = await createKey(owner, {
      name: 'Expiring',
      scopes: ['orders.read'],
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    assert.equal((await call('GET', '/v1/owner/orders', undefined, expiring.secret)).status, 200);
    await stack.sql(
      `UPDATE owner_api_keys SET created_at = now() - interval '2 days', expires_at = now() - interval '1 day' WHERE id = $1`,
      [expiring.key.id],
    );
    const expired = await call('GET', '/v1/owner/orders', undefined, expiring.secret);
    assert.equal(expired.status, 401);
    assert.match(expired.apiError().message, /This API key expired on \d{4}-/);
    assert.equal((expired.apiError().details as { reason: string }).reason, 'api_key_expired');

    const revoking = await createKey(owner, { name: 'Revoked', scopes: ['orders.read'] });
    const revoked = await call('DELETE', `${KEYS}/${revoking.key.id}`, undefined, owner);
    assert.equal(revoked.status, 200);
    assert.equal(revoked.jsonAs(apiKeyRevokedAnswerSchema).key.state, 'revoked');
    const afterRevoke = await call('GET', '/v1/owner/orders', undefined, revoking.secret);
    assert.equal(afterRevoke.status, 401);
    assert.match(afterRevoke.apiError().message, /This API key was revoked on/);

    const good = await createKey(owner, { name: 'Good', scopes: ['orders.read'] });
    const last = good.secret.at(-1) === '0' ? '1' : '0';
    const wrong = await call('GET', '/v1/owner/orders', undefined, `${good.secret.slice(0, -1)}${last}`);
    assert.equal(wrong.status, 401);
    assert.match(wrong.apiError().message, /Invalid API key/);
    const malformed = await call('GET', '/v1/owner/orders', undefined, 'sk_live_short');
    assert.equal(malformed.status, 401);
    assert.match(malformed.apiError().message, /Malformed API key/);

    // The same key pointed at another store (its tenant part swapped) matches nothing there.
    const otherTenant = stack.tenantOf(OTHER).replace(/-/g, '');
    const parts = /^(sk_live_[a-z2-7]{12}_)([0-9a-f]{32})([0-9a-f]{64})$/.exec(good.secret)!;
    const crossed = await call('GET', '/v1/owner/orders', undefined, `${parts[1]}${otherTenant}${parts[3]}`);
    assert.equal(crossed.status, 401);
    // And another store's owner cannot see or revoke this store's key.
    const otherList = await call('GET', KEYS, undefined, otherOwner);
    assert.ok(!otherList.jsonAs(apiKeyListAnswerSchema).keys.some((k) => k.id === good.key.id));
    const otherRevoke = await call('DELETE', `${KEYS}/${good.key.id}`, undefined, otherOwner);
    assert.equal(otherRevoke.status, 404);
    assert.equal((await call('GET', '/v1/owner/orders', undefined, good.secret)).status, 200, 'still works');
  });

  test('creating and revoking are audited with who did it', async () => {
    const created = await createKey(owner, { name: 'Audited', scopes: ['catalog.read'] });
    await call('DELETE', `${KEYS}/${created.key.id}`, undefined, owner);
    const rows = await stack.sql<{ action: string; actor_type: string; actor_id: string | null; after: unknown }>(
      `SELECT action, actor_type, actor_id, after FROM audit_log WHERE entity_type = 'api_key' AND entity_id = $1 ORDER BY id`,
      [created.key.id],
    );
    assert.deepEqual(
      rows.map((r) => r.action),
      ['api_key.created', 'api_key.revoked'],
    );
    assert.ok(rows.every((r) => r.actor_type === 'user' && r.actor_id === created.key.createdBy.id));
    assert.ok(!JSON.stringify(rows).includes(created.secret.slice(-64)), 'the audit log never holds the key');
  });
});
