import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ErrorBody } from '@sokoni/contracts';
import { startSandboxApp, type SandboxApp } from './helpers/sandbox-app.ts';

// The compiled sandbox is what runs in dev and CI: `npx tsc -b apps/sandbox` must run first.
type OAuthModule = typeof import('../apps/sandbox/dist/daraja/oauth.js');

const OAUTH_PATH = '/oauth/v1/generate?grant_type=client_credentials';

function basic(consumerKey: string, consumerSecret: string): string {
  return `Basic ${Buffer.from(`${consumerKey}:${consumerSecret}`).toString('base64')}`;
}

let sandbox: SandboxApp;
let baseUrl: string;
let oauth: OAuthModule;

/** A Daraja error answer (not the sandbox's own shape). */
/** The sandbox's list of live tokens per credential set. */
interface TokenList {
  credentials: { consumerKey: string; activeTokens: number }[];
  totalActiveTokens: number;
}

interface DarajaError {
  errorCode: string;
  errorMessage: string;
  requestId: string;
}

/** GET with the JSON answer as the shape T the caller names (not checked; the assertions are). */
async function get<T = unknown>(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${baseUrl}${path}`, { headers });
  return { status: response.status, body: (await response.json()) as T };
}

async function issueToken(consumerKey = 'sokoni-key', consumerSecret = 'sokoni-secret'): Promise<string> {
  const { status, body } = await get<{ access_token: string }>(OAUTH_PATH, {
    authorization: basic(consumerKey, consumerSecret),
  });
  assert.equal(status, 200);
  return body.access_token;
}

async function isValid(token: string): Promise<boolean> {
  const { status, body } = await get<{ valid: boolean }>(`/__admin/daraja/tokens/${encodeURIComponent(token)}`);
  assert.equal(status, 200);
  return body.valid;
}

function assertDarajaError(answer: unknown, errorCode: string, errorMessage: string): void {
  const body = answer as DarajaError;
  assert.deepEqual(Object.keys(body).sort(), ['errorCode', 'errorMessage', 'requestId']);
  assert.equal(body.errorCode, errorCode);
  assert.equal(body.errorMessage, errorMessage);
  assert.match(body.requestId, /^\d+-\d+-\d+$/);
}

before(async () => {
  ({ sandbox, baseUrl } = await startSandboxApp());
  oauth = await import('../apps/sandbox/dist/daraja/oauth.js');
});

after(async () => {
  await sandbox?.close();
});

beforeEach(async () => {
  const response = await fetch(`${baseUrl}/__admin/reset`, { method: 'POST' });
  assert.equal(response.status, 200);
});

describe('sandbox base', () => {
  test('GET /healthz answers ok', async () => {
    const { status, body } = await get('/healthz');
    assert.equal(status, 200);
    assert.deepEqual(body, { status: 'ok' });
  });

  test('unknown admin route answers 404 in the sandbox error shape', async () => {
    const { status, body } = await get<ErrorBody>('/__admin/no-such-thing');
    assert.equal(status, 404);
    assert.equal(body.error.code, 'not_found');
    assert.equal(typeof body.error.message, 'string');
    assert.ok('details' in body.error);
  });

  test('unknown Daraja route answers like Daraja, not in the sandbox shape', async () => {
    const { status, body } = await get('/oauth/v1/no-such-thing');
    assert.equal(status, 404);
    assertDarajaError(body, '404.001.01', 'Resource not found');
  });
});

describe('Daraja OAuth', () => {
  test('issues a token with expires_in as the string "3599"', async () => {
    const response = await fetch(`${baseUrl}${OAUTH_PATH}`, { headers: { authorization: basic('k', 's') } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    const body = (await response.json()) as { access_token: string; expires_in: string };
    assert.deepEqual(Object.keys(body).sort(), ['access_token', 'expires_in']);
    assert.equal(body.expires_in, '3599');
    assert.match(body.access_token, /^[A-Za-z0-9]{28}$/);
    assert.equal(await isValid(body.access_token), true);
  });

  test('a new token for the same credentials invalidates the previous one', async () => {
    const first = await issueToken();
    const second = await issueToken();
    assert.notEqual(first, second);
    assert.equal(await isValid(first), false);
    assert.equal(await isValid(second), true);

    const { body } = await get<TokenList>('/__admin/daraja/tokens');
    assert.deepEqual(body.credentials, [{ consumerKey: 'sokoni-key', activeTokens: 1 }]);
    assert.doesNotMatch(JSON.stringify(body), /sokoni-secret/);
  });

  test('tokens of other credential sets stay valid', async () => {
    const storeA = await issueToken('store-a', 'secret-a');
    await issueToken('store-b', 'secret-b');
    assert.equal(await isValid(storeA), true);
    const { body } = await get<TokenList>('/__admin/daraja/tokens');
    assert.equal(body.totalActiveTokens, 2);
  });

  test('a wrong grant type answers 400 400.008.02', async () => {
    const { status, body } = await get('/oauth/v1/generate?grant_type=password', { authorization: basic('k', 's') });
    assert.equal(status, 400);
    assertDarajaError(body, '400.008.02', 'Invalid grant type passed');
  });

  test('a missing grant type answers 400 400.008.02', async () => {
    const { status, body } = await get<DarajaError>('/oauth/v1/generate', { authorization: basic('k', 's') });
    assert.equal(status, 400);
    assert.equal(body.errorCode, '400.008.02');
  });

  test('a missing Authorization header answers 400 400.008.01', async () => {
    const { status, body } = await get(OAUTH_PATH);
    assert.equal(status, 400);
    assertDarajaError(body, '400.008.01', 'Invalid Authentication passed');
  });

  test('non-Basic, garbled or incomplete credentials answer 400 400.008.01', async () => {
    const headers = [
      'Bearer abc',
      'Basic !!!not-base64!!!',
      `Basic ${Buffer.from('no-colon').toString('base64')}`,
      `Basic ${Buffer.from('key-only:').toString('base64')}`,
      `Basic ${Buffer.from(':secret-only').toString('base64')}`,
    ];
    for (const authorization of headers) {
      const { status, body } = await get<DarajaError>(OAUTH_PATH, { authorization });
      assert.equal(status, 400, authorization);
      assert.equal(body.errorCode, '400.008.01', authorization);
    }
  });

  test('admin reset forgets every token', async () => {
    const token = await issueToken();
    const response = await fetch(`${baseUrl}/__admin/reset`, { method: 'POST' });
    assert.equal(response.status, 200);
    assert.equal(await isValid(token), false);
    const { body } = await get('/__admin/daraja/tokens');
    assert.deepEqual(body, { credentials: [], totalActiveTokens: 0 });
  });

  test('tokens expire after 3600 seconds (token store, fake clock)', () => {
    let now = 1_000_000;
    const store = new oauth.DarajaTokenStore({ now: () => now });
    const { accessToken, expiresInSeconds } = store.issue({ consumerKey: 'k', consumerSecret: 's' });
    assert.equal(expiresInSeconds, 3599);
    now += 3599_000;
    assert.equal(store.verifyBearer(accessToken)?.consumerKey, 'k');
    now += 1_000;
    assert.equal(store.verifyBearer(accessToken), null);
    assert.deepEqual(store.activeTokensByConsumerKey(), []);
  });
});
