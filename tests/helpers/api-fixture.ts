// The servers an API test file runs against, started one way for every tests/api/*.test.ts (and the
// security tests that need a live API): a fresh database (seeded by default), the real API, with the
// worker, or with the provider sandbox and the worker wired together (payments, messages); one
// before() starts them and one after() stops them, newest first, and drops the database.
// Browser tests use stack.ts, which adds the web server and Chromium to the same pieces.
import { after, before } from 'node:test';
import { createTestDatabase, rowsQuery, type TestDatabase } from './database';
import { startPaymentStack, type PaymentStack, type PaymentStackOptions } from './payment-stack';
import { serverEnv, startApi, startWorker, type RunningApi, type RunningProcess } from './processes';
import { Teardown } from './teardown';

export interface ApiStackOptions {
  /** Seed the demo stores (default true). */
  seed?: boolean;
  /** Runs on the new database before any server starts (extra seed data, settings read at start). */
  prepare?: (db: TestDatabase) => Promise<void>;
  /** Extra environment for the API (and the worker). */
  env?: Record<string, string>;
  /** Start the worker next to the API, on the same environment (implied by `sandbox`). */
  worker?: boolean;
  /**
   * The provider sandbox, the API and the worker wired together (startPaymentStack); an object
   * passes its options (e.g. the sandbox's delivery partner too).
   */
  sandbox?: boolean | PaymentStackOptions;
}

export interface ApiStack {
  readonly db: TestDatabase;
  readonly api: RunningApi;
  /** The API's (and worker's) environment, e.g. its REDIS_KEY_PREFIX. */
  readonly env: NodeJS.ProcessEnv;
  /** Throws unless the stack was started with `worker` or `sandbox`. */
  readonly worker: RunningProcess;
  /** Throws unless the stack was started with `sandbox`. */
  readonly sandbox: PaymentStack['sandbox'];
  /**
   * A before() hook of the test file that runs once the stack is up. Node 20 starts a file's
   * top-level before() hooks together, without waiting for the one before: a hook that uses the
   * stack must be registered with this, not with before().
   */
  before: (fn: () => unknown) => void;
  /** Starts a new worker on the stack's environment in place of the current one (stopped in after()). */
  restartWorker: () => Promise<RunningProcess>;
  /** A demo store's tenant id, by its slug. */
  tenantOf: (slug: string) => string;
  /** `sql(text, params)` -> rows over the database's owner connection (rowsQuery). */
  sql: ReturnType<typeof rowsQuery>;
}

interface Running {
  db: TestDatabase;
  api: RunningApi;
  env: NodeJS.ProcessEnv;
  worker?: RunningProcess;
  sandbox?: PaymentStack['sandbox'];
}

/**
 * Registers the before() that starts the stack and the after() that stops it in the calling test
 * file (call it at the top level). The fields are read through getters: they exist once the stack
 * is up, in tests and in hooks registered with `stack.before`.
 */
export function useApiStack(options: ApiStackOptions = {}): ApiStack {
  let running: Running | undefined;
  const teardown = new Teardown();
  const started = (): Running => {
    if (!running)
      throw new Error('the API stack is not started: use it in a test or in a hook registered with stack.before');
    return running;
  };
  const start = async () => {
    const db = await createTestDatabase({ seed: options.seed ?? true });
    teardown.add(() => db.drop());
    await options.prepare?.(db);
    if (options.sandbox) {
      const paymentOptions = options.sandbox === true ? {} : options.sandbox;
      const payments = teardown.track(await startPaymentStack(db, options.env, paymentOptions));
      running = { db, api: payments.api, env: payments.env, worker: payments.worker, sandbox: payments.sandbox };
      return;
    }
    const env = serverEnv(db, options.env);
    // Each process is stopped in after() once it is up, even if the other one fails to start.
    const [api, worker] = await Promise.all([
      startApi(env).then((proc) => teardown.track(proc)),
      options.worker ? startWorker(env).then((proc) => teardown.track(proc)) : undefined,
    ]);
    running = { db, api, env, worker };
  };
  // One start, however many hooks wait for it.
  let starting: Promise<void> | undefined;
  const ready = () => (starting ??= start());
  before(ready);
  after(async () => {
    // A start still under way is waited for, so nothing it starts is left running.
    await starting?.catch(() => undefined);
    await teardown.run();
  });
  const sql = rowsQuery(() => started().db.ownerUrl);
  return {
    get db() {
      return started().db;
    },
    get api() {
      return started().api;
    },
    get env() {
      return started().env;
    },
    get worker() {
      const { worker } = started();
      if (!worker) throw new Error('this API stack has no worker: start it with { worker: true }');
      return worker;
    },
    get sandbox() {
      const { sandbox } = started();
      if (!sandbox) throw new Error('this API stack has no sandbox: start it with { sandbox: true }');
      return sandbox;
    },
    before: (fn) => {
      before(async () => {
        await ready();
        await fn();
      });
    },
    restartWorker: async () => {
      const current = started();
      const worker = teardown.track(await startWorker(current.env));
      current.worker = worker;
      return worker;
    },
    tenantOf: (slug: string) => {
      const store = started().db.seed?.stores.find((s) => s.slug === slug);
      if (!store) throw new Error(`no seeded store ${slug}`);
      return store.tenantId;
    },
    sql,
  };
}
