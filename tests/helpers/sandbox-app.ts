// The provider sandbox built inside the test process (apps/sandbox/dist/app.js, compiled by
// `npx tsc -b apps/sandbox`), for the tests of the sandbox itself (tests/sandbox*.test.ts), and a
// local receiver for what it POSTs back (payment callbacks, results, webhooks).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { ROOT } from './processes';

const DIST = join(ROOT, 'apps', 'sandbox', 'dist');

type AppModule = typeof import('../../apps/sandbox/dist/app.js');
export type SandboxApp = Awaited<ReturnType<AppModule['buildSandbox']>>;
export type SandboxAppOptions = NonNullable<Parameters<AppModule['buildSandbox']>[0]>;

/** Builds the sandbox (silent, unless `options` say otherwise) and listens on a free loopback port. */
export async function startSandboxApp(
  options: SandboxAppOptions = {},
): Promise<{ sandbox: SandboxApp; baseUrl: string }> {
  assert.ok(
    existsSync(join(DIST, 'app.js')),
    `compiled sandbox missing at ${DIST}: run \`npx tsc -b apps/sandbox\` first`,
  );
  const app: AppModule = await import('../../apps/sandbox/dist/app.js');
  const sandbox = await app.buildSandbox({ logLevel: 'silent', ...options });
  await sandbox.listen({ port: 0, host: '127.0.0.1' });
  const address = sandbox.server.address();
  assert.ok(address !== null && typeof address === 'object');
  return { sandbox, baseUrl: `http://127.0.0.1:${address.port}` };
}

/**
 * A local HTTP server on a free loopback port: `handle` gets each request once its whole body
 * has arrived (as text) and answers it. `url` has no trailing slash.
 */
export async function startReceiver(
  handle: (req: IncomingMessage, text: string, res: ServerResponse) => void,
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      text += chunk;
    });
    req.on('end', () => handle(req, text, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

/** A status and the parsed JSON body, as the shape T the caller names (not checked). */
export interface JsonAnswer<T> {
  status: number;
  body: T;
}

/** A JSON request to the sandbox: a GET, or a POST of `body` as JSON. */
export async function sandboxJson<T>(
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<JsonAnswer<T>> {
  const res = await fetch(
    url,
    method === 'GET'
      ? { headers }
      : { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) },
  );
  return { status: res.status, body: (await res.json()) as T };
}
