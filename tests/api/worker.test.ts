// The real worker process (dist/worker.main.js) with real Redis: jobs carry the correlation id
// of the request that queued them, failures are retained, queue depth reaches /metrics, and
// SIGTERM drains and exits cleanly.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { bullPrefix, createQueues, enqueue } from '../../apps/api/dist/queues/queues.js';
import { requestContext } from '../../apps/api/dist/platform/request-context.js';
import { createTestDatabase, REDIS_URL, type TestDatabase } from '../helpers/database.ts';
import { serverEnv, startApi, startWorker, type RunningApi, type RunningProcess } from '../helpers/processes.ts';

let db: TestDatabase;
let env: NodeJS.ProcessEnv;
let worker: RunningProcess;
let api: RunningApi;
let redis: Redis;
let maintenance: Queue;

before(async () => {
  db = await createTestDatabase();
  env = serverEnv(db);
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  maintenance = createQueues(redis, env.REDIS_KEY_PREFIX!, 14).get('maintenance')!;
  worker = await startWorker(env);
  api = await startApi(env);
});

after(async () => {
  await worker?.stop();
  await api?.stop();
  await maintenance?.obliterate({ force: true }).catch(() => undefined);
  await maintenance?.close();
  redis?.disconnect();
  await db?.drop();
});

describe('worker', () => {
  test("a queued job runs with the queuing request's correlation id", async () => {
    const correlationId = `corr-job-${Date.now()}`;
    const jobId = await requestContext.run({ correlationId }, () => enqueue(maintenance, 'heartbeat', null, {}));
    const started = await worker.waitForLog((e) => e.msg === 'job started' && e.job_id === jobId);
    const completed = await worker.waitForLog((e) => e.msg === 'job completed' && e.job_id === jobId);
    assert.equal(started.correlation_id, correlationId);
    assert.equal(completed.correlation_id, correlationId);
    assert.equal(completed.queue, 'maintenance');
    const beat = await redis.get(`${env.REDIS_KEY_PREFIX}p:worker:heartbeat`);
    assert.ok(beat && Date.now() - Number(beat) < 60_000, 'heartbeat written to Redis');
    const ready = await (await fetch(`${api.url}/readyz`)).json() as any;
    assert.ok(ready.worker.lastHeartbeatSecondsAgo !== null && ready.worker.lastHeartbeatSecondsAgo < 60);
  });

  test('a failing job is retried, then retained in the failed set and visible in /metrics', async () => {
    const jobId = await requestContext.run({ correlationId: 'corr-failing-job' }, () =>
      enqueue(maintenance, 'no-such-job', null, {}, { attempts: 2, backoff: { type: 'fixed', delay: 100 } }));
    const failed = await worker.waitForLog((e) => e.msg === 'job failed' && e.job_id === jobId && e.attempts === 2);
    assert.equal(failed.correlation_id, 'corr-failing-job');
    const job = await maintenance.getJob(jobId);
    assert.equal(await job!.getState(), 'failed');
    assert.match(job!.failedReason, /no handler for job "no-such-job"/);
    const metrics = await (await fetch(`${api.url}/metrics`)).text();
    const match = metrics.match(/bullmq_queue_jobs\{queue="maintenance",state="failed"\} (\d+)/);
    assert.ok(match && Number(match[1]) >= 1, 'failed job counted in queue depth metrics');
  });

  test('jobs are namespaced by the Redis key prefix', async () => {
    const keys = await redis.keys(`${bullPrefix(env.REDIS_KEY_PREFIX!)}:maintenance:*`);
    assert.ok(keys.length > 0);
  });

  test('SIGTERM: the worker finishes and exits 0', async () => {
    const second = await startWorker(env);
    const code = await second.stop('SIGTERM');
    assert.equal(code, 0);
    assert.ok(second.logs().some((e) => e.msg === 'stopped cleanly'));
  });
});
