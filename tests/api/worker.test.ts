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
import { waitFor } from '../helpers/wait.ts';
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
  // A 1 s schedule check, so the lost-schedule test below needs no long wait.
  worker = await startWorker({ ...env, SCHEDULE_CHECK_MS: '1000' });
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
    const ready = (await (await fetch(`${api.url}/readyz`)).json()) as {
      worker: { lastHeartbeatSecondsAgo: number | null };
    };
    assert.ok(ready.worker.lastHeartbeatSecondsAgo !== null && ready.worker.lastHeartbeatSecondsAgo < 60);
  });

  test('a failing job is retried, then retained in the failed set and visible in /metrics', async () => {
    // Added past the job registry (enqueue refuses unknown names), as a job left by an older
    // release would be.
    const added = await maintenance.add(
      'no-such-job',
      { tenantId: null, correlationId: 'corr-failing-job', data: {} },
      { attempts: 2, backoff: { type: 'fixed', delay: 100 } },
    );
    const jobId = added.id!;
    const failed = await worker.waitForLog(
      (e) => e.msg === 'job failed' && e.queue === 'maintenance' && e.job_id === jobId && e.attempts === 2,
    );
    assert.equal(failed.correlation_id, 'corr-failing-job');
    const job = await maintenance.getJob(jobId);
    assert.equal(await job!.getState(), 'failed');
    assert.match(job!.failedReason, /no handler for job "no-such-job"/);
    const metrics = await (await fetch(`${api.url}/metrics`)).text();
    const match = metrics.match(/bullmq_queue_jobs\{queue="maintenance",state="failed"\} (\d+)/);
    assert.ok(match && Number(match[1]) >= 1, 'failed job counted in queue depth metrics');
  });

  test('the job registry: enqueue refuses an unknown name, the wrong queue or a malformed payload, and adds nothing', async () => {
    const before = await maintenance.getJobCounts();
    const enqueueUntyped = enqueue as (
      queue: Queue,
      name: string,
      tenantId: string | null,
      data: unknown,
    ) => Promise<string>;
    await assert.rejects(enqueueUntyped(maintenance, 'no-such-job', null, {}), /unknown job "no-such-job"/);
    await assert.rejects(
      enqueueUntyped(maintenance, 'payment.sweep', null, {}),
      /belongs on queue payments, not maintenance/,
    );
    await assert.rejects(
      enqueueUntyped(maintenance, 'heartbeat', null, { extra: 1 }),
      /payload does not match its schema/,
    );
    assert.deepEqual(await maintenance.getJobCounts(), before);
  });

  test('a job whose payload is malformed fails once, without retries (retrying cannot fix it)', async () => {
    const payments = createQueues(redis, env.REDIS_KEY_PREFIX!, 14).get('payments')!;
    try {
      const added = await payments.add(
        'payment.query',
        {
          tenantId: '00000000-0000-4000-8000-000000000001',
          correlationId: 'corr-bad-payload',
          data: { paymentId: 'not-a-uuid' },
        },
        { attempts: 5, backoff: { type: 'fixed', delay: 100 } },
      );
      const failed = await worker.waitForLog(
        (e) => e.msg === 'job failed' && e.queue === 'payments' && e.job_id === added.id,
      );
      assert.equal(failed.attempts, 1);
      const job = await payments.getJob(added.id!);
      assert.equal(await job!.getState(), 'failed');
      assert.match(job!.failedReason, /payment\.query: malformed payload \(paymentId: /);
    } finally {
      await payments.close();
    }
  });

  test('every job name a processor handles or schedules is in the registry', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const { isJobName } = await import('../../apps/api/dist/queues/jobs.js');
    const dir = new URL('../../apps/api/src/worker/', import.meta.url);
    const names = new Set<string>();
    for (const file of (await readdir(dir)).filter((f) => f.endsWith('.processor.ts'))) {
      const source = await readFile(new URL(file, dir), 'utf8');
      for (const m of source.matchAll(/case '([^']+)'|jobName: '([^']+)'|job\.name === '([^']+)'/g))
        names.add((m[1] ?? m[2] ?? m[3])!);
    }
    assert.ok(names.size >= 20, `found ${names.size} job names`);
    assert.deepEqual(
      [...names].filter((name) => !isJobName(name)),
      [],
    );
  });

  test('jobs are namespaced by the Redis key prefix', async () => {
    const keys = await redis.keys(`${bullPrefix(env.REDIS_KEY_PREFIX!)}:maintenance:*`);
    assert.ok(keys.length > 0);
  });

  test('a job schedule lost from Redis (flush, failover to an empty replica) is re-created without a restart', async () => {
    await waitFor('the heartbeat schedule exists', () => maintenance.getJobScheduler('worker-heartbeat'));
    assert.ok(await maintenance.removeJobScheduler('worker-heartbeat'), 'the schedule was there to remove');
    assert.equal(await maintenance.getJobScheduler('worker-heartbeat'), undefined);
    const line = await worker.waitForLog(
      (e) =>
        e.msg === 'job schedules were missing from Redis: re-created' &&
        Array.isArray(e.schedules) &&
        e.schedules.includes('worker-heartbeat'),
    );
    assert.equal(line.level, 'warn', 'logged as a warning: someone should know Redis lost its data');
    const restored = await maintenance.getJobScheduler('worker-heartbeat');
    assert.ok(restored, 'the schedule is back');
    assert.equal(restored.every, 30_000, 'with its interval');
  });

  test('SIGTERM: the worker finishes and exits 0', async () => {
    const second = await startWorker(env);
    const code = await second.stop('SIGTERM');
    assert.equal(code, 0);
    assert.ok(second.logs().some((e) => e.msg === 'stopped cleanly'));
  });
});
