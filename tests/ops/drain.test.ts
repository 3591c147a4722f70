// What a blue/green switch relies on when it stops the old colour (docs/operate/deploy.md): on
// SIGTERM the API stops accepting connections but finishes the request already in flight, and the
// worker stops taking jobs but finishes the one it is running; both then exit 0. The request in
// flight is a real one whose body is still arriving; the job in flight is a real
// storefront.revalidate job whose call to the web (a server in this test) is held open.
// Run alone: node --import tsx --test tests/ops/drain.test.ts
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { serverEnv, startApi, startWorker, type RunningApi } from '../helpers/processes';
import { waitFor } from '../helpers/wait';
import { randomBytes } from 'node:crypto';

let db: TestDatabase;
let api: RunningApi;

before(async () => {
  db = await createTestDatabase({ seed: false });
  api = await startApi(serverEnv(db));
});
after(async () => {
  await api?.stop('SIGKILL');
  await db?.drop();
});

/** Does a new TCP connection to the port succeed? */
const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

test('SIGTERM: no new connections, the request in flight is answered, exit 0', async () => {
  const port = Number(new URL(api.url).port);
  const body = JSON.stringify({ sku: 'NO-SUCH-SKU', quantity: 1 });
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let answer = '';
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
  const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  // Headers (with Expect: 100-continue, so the server says when it has the request) and half
  // the body: the request is in flight.
  socket.write(
    `POST /v1/stores/no-such-store/cart/lines HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`,
  );
  await waitFor('the API to take the request (100 Continue)', () => answer.startsWith('HTTP/1.1 100 Continue'));
  socket.write(body.slice(0, 10));

  api.child.kill('SIGTERM');
  await api.waitForLog((e) => e.msg === 'shutting down');
  await waitFor('the API to stop accepting connections', async () => !(await accepts(port)), 15_000);
  assert.equal(api.child.exitCode, null, 'it must still be running: a request is in flight');

  // The rest of the body: the request completes normally (the store does not exist: 404 JSON).
  socket.write(body.slice(10));
  await waitFor('the answer', () => /HTTP\/1\.1 [2-5]\d\d /.test(answer.slice(20)) && answer.endsWith('}'));
  assert.match(answer, /\r\n\r\nHTTP\/1\.1 404 /);
  assert.match(answer, /"code":"store_not_found"|"code":"not_found"/);
  socket.end();
  await ended;
  assert.equal(await api.exited, 0, `exit code; last lines:\n${api.lines.slice(-5).join('\n')}`);
  assert.ok(api.logs().some((e) => e.msg === 'stopped cleanly'));
});

test('SIGTERM: the worker finishes the job it is running, takes no other, exits 0', async () => {
  // The "web" the revalidate job calls: it holds each request until released.
  const held: http.ServerResponse[] = [];
  const web = http.createServer((req, res) => {
    req.resume();
    held.push(res);
  });
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  const address = web.address() as net.AddressInfo;
  const env = serverEnv(db, {
    WEB_REVALIDATE_URL: `http://127.0.0.1:${address.port}/api/revalidate`,
    REVALIDATE_SECRET: randomBytes(24).toString('base64url'),
  });
  const worker = await startWorker(env);
  const [{ Queue }, { bullPrefix, enqueue }, { REDIS_URL }] = await Promise.all([
    import('bullmq'),
    import('../../apps/api/dist/queues/queues.js'),
    import('../helpers/database'),
  ]);
  const queue = new Queue('seo', { connection: { url: REDIS_URL }, prefix: bullPrefix(String(env.REDIS_KEY_PREFIX)) });
  try {
    const first = await enqueue(queue, 'storefront.revalidate', null, { tags: ['store:drain-a'] });
    await waitFor('the job to be running (its call to the web held open)', () => held.length === 1);

    worker.child.kill('SIGTERM');
    await worker.waitForLog((e) => e.msg === 'shutting down');
    // A job enqueued now must wait for the next worker (the other colour's), not start here.
    const second = await enqueue(queue, 'storefront.revalidate', null, { tags: ['store:drain-b'] });
    assert.equal(worker.child.exitCode, null, 'still running: a job is in flight');
    assert.equal(await (await queue.getJob(first))!.getState(), 'active');

    held[0]!.writeHead(200, { 'content-type': 'application/json' }).end('{"revalidated":true}');
    assert.equal(await worker.exited, 0, `exit code; last lines:\n${worker.lines.slice(-5).join('\n')}`);
    assert.ok(worker.logs().some((e) => e.msg === 'job completed' && e.job_id === first));
    assert.equal(await (await queue.getJob(first))!.getState(), 'completed');
    assert.equal(held.length, 1, 'the job enqueued after SIGTERM was not started');
    assert.equal(await (await queue.getJob(second))!.getState(), 'waiting');
  } finally {
    for (const res of held) if (!res.writableEnded) res.end();
    await worker.stop('SIGKILL');
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    web.closeAllConnections();
    await new Promise((resolve) => web.close(resolve));
  }
});
