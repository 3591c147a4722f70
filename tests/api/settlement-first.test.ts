// Settlement first under a checkout burst (issue 17), with real BullMQ workers on real Redis:
// - on the payments queue a callback queued after eTIMS and expiry jobs still runs first (the job
//   registry gives every payments job but payment.callback/payment.query a lower priority);
// - a follow-up worker (notifications) stops fetching during a rush of settlement jobs, runs what
//   waited once the rush is over, never pauses for one payment, and never waits past its bound;
// - follow-up jobs on the payments queue itself (eTIMS, receipt lookups) go back for a few seconds
//   during a rush, without using an attempt, while callbacks and a scheduler's sweep run at once.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { DelayedError, Worker, type Job, type Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pino from 'pino';
import { Counter, Registry } from 'prom-client';
import { bullPrefix, createQueues, enqueue, type QueueName } from '../../apps/api/dist/queues/queues.js';
import { AFTER_SETTLEMENT } from '../../apps/api/dist/queues/jobs.js';
import {
  FOLLOW_UP_DEFER_MS,
  FOLLOW_UP_MAX_PAUSE_MS,
  FollowUpYield,
  SETTLEMENT_RUSH_JOBS,
} from '../../apps/api/dist/worker/follow-up-yield.js';
import { REDIS_URL } from '../helpers/database.ts';
import { waitFor } from '../helpers/wait.ts';

const prefix = `test:settle-first:${randomUUID()}:`;
let redis: Redis;
let queues: Map<QueueName, Queue>;
const workers: Worker[] = [];
const connections: Redis[] = [];
const tenantId = randomUUID();

function startWorker(queue: QueueName, handle: (job: Job, token?: string) => Promise<void>, concurrency = 1): Worker {
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  connections.push(connection);
  const worker = new Worker(queue, handle, {
    connection,
    prefix: bullPrefix(prefix),
    concurrency,
  });
  workers.push(worker);
  return worker;
}

/** Queues n order messages; their job ids. */
async function queueMessages(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++)
    ids.push(
      await enqueue(queues.get('notifications')!, 'order.order_paid', tenantId, {
        orderId: randomUUID(),
        kind: 'order_paid',
      }),
    );
  return ids;
}

function yieldsCounter() {
  return new Counter({ name: 'yields', help: 'test', labelNames: ['queue'], registers: [new Registry()] });
}

before(() => {
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  queues = createQueues(redis, prefix, 1);
});

after(async () => {
  for (const w of workers) await w.close().catch(() => undefined);
  for (const q of queues.values()) {
    await q.obliterate({ force: true }).catch(() => undefined);
    await q.close();
  }
  redis.disconnect();
  for (const c of connections) c.disconnect();
});

describe('settlement first', () => {
  test('a payment callback queued behind eTIMS, receipt and expiry jobs is taken first', async () => {
    const payments = queues.get('payments')!;
    const orderId = randomUUID();
    const paymentId = randomUUID();
    const followUpIds = [
      await enqueue(payments, 'etims.send', tenantId, { orderId, attempt: 0 }),
      await enqueue(payments, 'payment.receipt', tenantId, { paymentId, attempt: 1 }),
      await enqueue(payments, 'order.expire-reservation', tenantId, { orderId }),
    ];
    const callbackId = await enqueue(payments, 'payment.callback', tenantId, { callbackId: '42' });
    for (const id of followUpIds) assert.equal((await payments.getJob(id))!.opts.priority, AFTER_SETTLEMENT);
    assert.ok(!(await payments.getJob(callbackId))!.opts.priority, 'the callback carries no priority');

    const order: string[] = [];
    startWorker('payments', (job) => {
      order.push(job.name);
      return Promise.resolve();
    });
    await waitFor('all four payments jobs to run', () => (order.length === 4 ? order : null));
    assert.equal(order[0], 'payment.callback', `callback first, got ${order.join(', ')}`);
  });

  test('notifications wait during a settlement rush and run once it is over; one payment does not pause them', async () => {
    const notifications = queues.get('notifications')!;
    const done = new Map<string, number>();
    const worker = startWorker('notifications', (job) => {
      done.set(job.id!, Date.now());
      return Promise.resolve();
    });
    const yields = yieldsCounter();
    const followUp = new FollowUpYield([worker], pino({ level: 'silent' }), yields);
    followUp.start();
    try {
      // One payment settling: nothing pauses, its message goes out.
      followUp.settlementStarted();
      const single = await enqueue(notifications, 'order.order_paid', tenantId, {
        orderId: randomUUID(),
        kind: 'order_paid',
      });
      await waitFor('the message of a single payment', () => (done.has(single) ? true : null));
      assert.equal((await yields.get()).values.length, 0, 'no yield for one payment');

      // A rush: the worker stops fetching (a fetch already under way may still bring one job), the
      // messages queued meanwhile wait, then go out once the rush is over.
      let resumedAt = 0;
      worker.on('resumed', () => (resumedAt ||= Date.now()));
      for (let i = 0; i < SETTLEMENT_RUSH_JOBS; i++) followUp.settlementStarted();
      await waitFor('the notifications worker to pause', () => (worker.isPaused() ? true : null));
      const queued = await queueMessages(3);
      await waitFor(
        'the rush to end and the messages to go out',
        () => (queued.every((id) => done.has(id)) ? true : null),
        {
          timeoutMs: 10_000,
        },
      );
      assert.ok(resumedAt > 0, 'the worker was resumed');
      assert.ok(
        queued.filter((id) => done.get(id)! >= resumedAt).length >= 2,
        'the messages queued during the rush went out after it (one fetch under way may have taken one)',
      );
      assert.ok(!worker.isPaused());
      assert.equal((await yields.get()).values[0]?.value, 1, 'one yield counted');
    } finally {
      await followUp.stop();
      await worker.close();
    }
  });

  test('a rush that never ends still lets messages out within the pause bound', async () => {
    const done = new Map<string, number>();
    const worker = startWorker('notifications', (job) => {
      done.set(job.id!, Date.now());
      return Promise.resolve();
    });
    const followUp = new FollowUpYield([worker], pino({ level: 'silent' }), yieldsCounter());
    followUp.start();
    const rush = setInterval(() => followUp.settlementStarted(), 50);
    try {
      await waitFor('the notifications worker to pause', () => (worker.isPaused() ? true : null));
      const queuedAt = Date.now();
      const queued = await queueMessages(3);
      await waitFor('the messages despite the rush', () => (queued.every((id) => done.has(id)) ? true : null), {
        timeoutMs: FOLLOW_UP_MAX_PAUSE_MS + 5_000,
      });
      const last = Math.max(...queued.map((id) => done.get(id)!));
      assert.ok(last - queuedAt >= FOLLOW_UP_MAX_PAUSE_MS / 2, 'they did wait for the rush');
      assert.ok(last - queuedAt <= FOLLOW_UP_MAX_PAUSE_MS + 2_000, 'no longer than the bound');
    } finally {
      clearInterval(rush);
      await followUp.stop();
      await worker.close();
    }
  });
  test('during a rush, eTIMS and receipt jobs on the payments queue go back for a while; callbacks and sweeps run at once', async () => {
    const payments = queues.get('payments')!;
    // The earlier tests' workers would take these jobs without the rule under test.
    for (const w of workers.splice(0)) await w.close();
    // The notifications worker shows when the rush's pause is on.
    const notifications = startWorker('notifications', () => Promise.resolve());
    const followUp = new FollowUpYield([notifications], pino({ level: 'silent' }), yieldsCounter());
    followUp.start();
    const ran = new Map<string, { at: number; attemptsMade: number }>();
    let putBack = 0;
    // What QueueWorkers does with every job it takes from the payments queue.
    startWorker(
      'payments',
      async (job, token) => {
        if (await followUp.putBackDuringRush(job, token)) {
          putBack++;
          throw new DelayedError();
        }
        ran.set(job.repeatJobKey ? 'sweep' : job.id!, { at: Date.now(), attemptsMade: job.attemptsMade });
      },
      4,
    );
    const rush = setInterval(() => followUp.settlementStarted(), 50);
    try {
      await waitFor('the rush to pause follow-ups', () => (notifications.isPaused() ? true : null));
      const queuedAt = Date.now();
      const orderId = randomUUID();
      const etims = await enqueue(payments, 'etims.send', tenantId, { orderId, attempt: 0 });
      const receipt = await enqueue(payments, 'payment.receipt', tenantId, { paymentId: randomUUID(), attempt: 1 });
      const callback = await enqueue(payments, 'payment.callback', tenantId, { callbackId: '7' });
      await payments.upsertJobScheduler(
        'test-sweep',
        { every: 60_000 },
        {
          name: 'payment.sweep',
          opts: { priority: AFTER_SETTLEMENT },
          data: { tenantId: null, correlationId: 'scheduler:test-sweep', data: {} },
        },
      );
      await waitFor('the callback and the sweep to run', () => (ran.has(callback) && ran.has('sweep') ? true : null));
      await waitFor('the follow-ups to be put back', () => (putBack >= 2 ? true : null));
      assert.ok(!ran.has(etims) && !ran.has(receipt), 'eTIMS and the receipt lookup wait while the rush lasts');
      assert.equal(await payments.getJobState(etims), 'delayed');
      clearInterval(rush);
      await waitFor('the follow-ups to run after the rush', () => (ran.has(etims) && ran.has(receipt) ? true : null), {
        timeoutMs: FOLLOW_UP_MAX_PAUSE_MS + 5_000,
      });
      for (const id of [etims, receipt]) {
        const { at, attemptsMade } = ran.get(id)!;
        assert.equal(attemptsMade, 0, 'being put back used no attempt');
        assert.ok(at - queuedAt <= FOLLOW_UP_DEFER_MS * 3 + 2_000, 'never past the pause bound');
        assert.ok(at > ran.get(callback)!.at, 'after the callback');
      }
    } finally {
      clearInterval(rush);
      await payments.removeJobScheduler('test-sweep');
      await followUp.stop();
    }
  });
});
