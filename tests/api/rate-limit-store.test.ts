// The API's rate-limit counters (apps/api/src/platform/rate-limit-store.ts) on real Redis: counted
// in the process and added to Redis in batches. One process counts exactly; two processes see each
// other's counts through Redis; a burst of first requests is counted one by one; a window ends;
// with Redis unreachable each process still limits on its own. (The whole API answering 429 across
// two replicas is in http.test.ts.)
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { after, describe, test } from 'node:test';
import { Redis, type RedisOptions } from 'ioredis';
import pino from 'pino';
import { localFirstRateLimitStore } from '../../apps/api/dist/platform/rate-limit-store.js';
import { REDIS_URL } from '../helpers/database.ts';
import { waitUntil } from '../helpers/wait.ts';

const clients: Redis[] = [];
after(() => {
  for (const client of clients) client.disconnect();
});

function redisClient(url = REDIS_URL, options: RedisOptions = {}): Redis {
  const client = new Redis(url, options);
  client.on('error', () => undefined);
  clients.push(client);
  return client;
}

const quiet = pino({ level: 'silent' });

/** A store as one API process makes it (its own Redis connection), counting for `namespace`. */
function processStore(namespace: string, redis = redisClient(), logger = quiet) {
  const Store = localFirstRateLimitStore(redis, namespace, logger);
  return new Store();
}

type Store = ReturnType<typeof processStore>;

function count(store: Store, key: string, windowMs = 60_000): Promise<number> {
  return new Promise((resolve, reject) =>
    store.incr(key, (error, result) => (error ? reject(error) : resolve(result!.current)), windowMs),
  );
}

const newNamespace = () => `test-${randomBytes(4).toString('hex')}:p:ratelimit:`;

describe('rate-limit counters', () => {
  test('one process counts every request exactly and adds them to Redis', async () => {
    const namespace = newNamespace();
    const store = processStore(namespace);
    const seen: number[] = [];
    for (let i = 0; i < 12; i++) seen.push(await count(store, '198.51.100.7'));
    assert.deepEqual(
      seen,
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
    const redis = redisClient();
    await waitUntil(
      'the twelve requests in Redis',
      () => redis.get(`${namespace}198.51.100.7`),
      (n) => n === '12',
    );
    const ttl = await redis.pttl(`${namespace}198.51.100.7`);
    assert.ok(ttl > 50_000 && ttl <= 60_000, `the window's expiry is set once: ${ttl}`);
  });

  test("two processes share a count: the second's first request knows the first's", async () => {
    const namespace = newNamespace();
    const a = processStore(namespace);
    const b = processStore(namespace);
    for (let i = 0; i < 3; i++) await count(a, '198.51.100.8');
    const redis = redisClient();
    await waitUntil(
      "process A's requests in Redis",
      () => redis.get(`${namespace}198.51.100.8`),
      (n) => n === '3',
    );
    assert.deepEqual([await count(b, '198.51.100.8'), await count(b, '198.51.100.8')], [4, 5]);
    await waitUntil(
      "process B's requests in Redis",
      () => redis.get(`${namespace}198.51.100.8`),
      (n) => n === '5',
    );
    // A learns B's at its next flush: its own next request is counted after them.
    await count(a, '198.51.100.8');
    await waitUntil(
      "A's view includes B's requests",
      () => new Promise<number>((resolve) => a.read('198.51.100.8', (_e, r) => resolve(r!.current))),
      (n) => n === 6,
    );
  });

  test('a burst of first requests, before Redis has answered any, is counted one by one', async () => {
    const store = processStore(newNamespace());
    const burst = await Promise.all(Array.from({ length: 8 }, () => count(store, '198.51.100.9')));
    assert.deepEqual(
      [...burst].sort((x, y) => x - y),
      [1, 2, 3, 4, 5, 6, 7, 8],
    );
    assert.equal(await count(store, '198.51.100.9'), 9);
  });

  test('a route with its own limit counts under its own key', async () => {
    const namespace = newNamespace();
    const store = processStore(namespace);
    const route = store.child({ routeInfo: { method: 'POST', url: '/v1/auth/otp' } });
    await count(store, '198.51.100.10');
    assert.equal(await count(route, '198.51.100.10'), 1);
    const redis = redisClient();
    await waitUntil(
      'the route key in Redis',
      () => redis.get(`${namespace}POST/v1/auth/otp-198.51.100.10`),
      (n) => n === '1',
    );
  });

  test('a window ends: counting starts again', async () => {
    const namespace = newNamespace();
    const store = processStore(namespace);
    assert.deepEqual([await count(store, 'k', 400), await count(store, 'k', 400)], [1, 2]);
    const redis = redisClient();
    await waitUntil(
      "the window's key expired in Redis",
      () => redis.exists(`${namespace}k`),
      (n) => n === 0,
    );
    assert.equal(await count(store, 'k', 400), 1);
  });

  test('Redis unreachable: each process still limits on its own, and says so once', async () => {
    const lines: string[] = [];
    const logger = pino(
      { level: 'warn' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    );
    const down = redisClient('redis://127.0.0.1:6390', {
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      lazyConnect: true,
      retryStrategy: () => null,
    });
    const store = processStore(newNamespace(), down, logger);
    const seen: number[] = [];
    for (let i = 0; i < 6; i++) seen.push(await count(store, '198.51.100.11'));
    assert.deepEqual(seen, [1, 2, 3, 4, 5, 6]);
    await waitUntil(
      'the outage logged',
      () => lines.filter((l) => l.includes('could not reach Redis')).length,
      (n) => n === 1,
    );
  });
});
