// The owner dashboard's and the wizard's transport (apps/web/lib/api-call.ts) refuses an answer
// that does not match its contract: a real HTTP server answers with a wrong shape, a body that is
// not JSON, a right shape and an API error; the helper turns the wrong ones into the friendly
// problem the pages show (502 unexpected_answer) and logs one JSON line naming the path and each
// zod issue, and never throws. No Next build needed: the module has no Next.js imports.
// Run alone: node --import tsx --test tests/web/api-call.test.ts
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { onboardingViewSchema, ownerSessionSchema, slugCheckSchema } from '@sokoni/contracts';
import { callApi, UNEXPECTED_ANSWER } from '../../apps/web/lib/api-call.ts';

/** What the fake API answers for each path: status, content type and the raw body. */
const ROUTES: Record<string, { status: number; type: string; body: string }> = {
  '/v1/onboarding/slug': {
    status: 200,
    type: 'application/json',
    body: JSON.stringify({ slug: 'kibanda', available: true, reason: null, suggestions: [] }),
  },
  // A renamed field (accessToken -> access_token) and a mistyped one (expiresIn as text).
  '/v1/owner/auth/login': {
    status: 200,
    type: 'application/json',
    body: JSON.stringify({
      access_token: 'a',
      refreshToken: 'r',
      expiresIn: '900',
      user: { id: 'u1', name: 'Wanjiku', role: 'owner' },
    }),
  },
  '/v1/owner/onboarding': { status: 200, type: 'text/html', body: '<html>gateway page</html>' },
  '/v1/owner/staff': {
    status: 403,
    type: 'application/json',
    body: JSON.stringify({ error: { code: 'forbidden', message: 'Your role (staff) may not do this', details: {} } }),
  },
};

let server: Server;
const seen: { path: string; auth: string | undefined; requestId: string | undefined }[] = [];

before(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push({
      path: url.pathname,
      auth: req.headers.authorization,
      requestId: req.headers['x-request-id'] as string | undefined,
    });
    const route = ROUTES[url.pathname] ?? { status: 404, type: 'text/plain', body: 'no' };
    req.resume();
    res.writeHead(route.status, { 'content-type': route.type }).end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.API_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** One zod issue as the helper logs it. */
interface LoggedIssue {
  path: string;
  code: string;
  message: string;
}
/** A JSON line the helper logged (read as this shape, not checked: the assertions check it). */
type LoggedLine = Record<string, unknown> & { issues: LoggedIssue[] };

/** Runs `fn` with console.warn captured: the JSON lines it logged. */
async function warnings<T>(fn: () => Promise<T>): Promise<{ result: T; logged: LoggedLine[] }> {
  const original = console.warn;
  const logged: LoggedLine[] = [];
  console.warn = (line: unknown) => logged.push(JSON.parse(String(line)) as LoggedLine);
  try {
    return { result: await fn(), logged };
  } finally {
    console.warn = original;
  }
}

describe('callApi (apps/web/lib/api-call.ts)', () => {
  test('an answer that matches its contract comes back parsed, with the token and request id sent', async () => {
    const { result, logged } = await warnings(() =>
      callApi('GET', '/v1/onboarding/slug?name=Kibanda', { requestId: 'req-1' }, 'tok', { schema: slugCheckSchema }),
    );
    assert.deepEqual(result, {
      ok: true,
      status: 200,
      data: { slug: 'kibanda', available: true, reason: null, suggestions: [] },
    });
    assert.deepEqual(logged, []);
    assert.deepEqual(seen.at(-1), { path: '/v1/onboarding/slug', auth: 'Bearer tok', requestId: 'req-1' });
  });

  test('a wrong shape is refused: a friendly 502 problem, and one JSON log line with the path and the zod issues', async () => {
    const { result, logged } = await warnings(() =>
      callApi('POST', '/v1/owner/auth/login', {}, undefined, {
        body: { store: 'kibanda' },
        schema: ownerSessionSchema,
      }),
    );
    assert.deepEqual(result, {
      ok: false,
      problem: { status: 502, code: 'unexpected_answer', message: UNEXPECTED_ANSWER, details: {} },
    });
    assert.equal(logged.length, 1);
    const [line] = logged;
    assert.equal(line!.level, 'warn');
    assert.equal(line!.method, 'POST');
    assert.equal(line!.path, '/v1/owner/auth/login');
    assert.equal(line!.status, 200);
    const paths = line!.issues.map((i) => i.path).sort();
    assert.deepEqual(paths, ['accessToken', 'expiresIn'], JSON.stringify(line));
    for (const issue of line!.issues) assert.ok(issue.code && issue.message, JSON.stringify(issue));
  });

  test('a 200 that is not JSON is refused the same way', async () => {
    const { result, logged } = await warnings(() =>
      callApi('GET', '/v1/owner/onboarding', {}, 'tok', { schema: onboardingViewSchema }),
    );
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.problem.code, 'unexpected_answer');
    assert.deepEqual(logged[0]!.issues, [{ path: '(root)', code: 'not_json', message: 'the body is not JSON' }]);
  });

  test("an API refusal comes back as the API's own problem, not as a contract failure", async () => {
    const { result, logged } = await warnings(() =>
      callApi('GET', '/v1/owner/staff', {}, 'tok', { schema: slugCheckSchema }),
    );
    assert.deepEqual(result, {
      ok: false,
      problem: { status: 403, code: 'forbidden', message: 'Your role (staff) may not do this', details: {} },
    });
    assert.deepEqual(logged, []);
  });

  test('no API at all: problem 0 unreachable, nothing thrown', async () => {
    const saved = process.env.API_URL;
    const dead = createServer();
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    const port = (dead.address() as AddressInfo).port;
    await new Promise((resolve) => dead.close(resolve));
    process.env.API_URL = `http://127.0.0.1:${port}`;
    try {
      const result = await callApi('GET', '/v1/owner/onboarding', {}, 'tok', { schema: onboardingViewSchema });
      assert.equal(!result.ok && result.problem.code, 'unreachable');
    } finally {
      process.env.API_URL = saved;
    }
  });
});
