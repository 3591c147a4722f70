// The whole stack a browser test drives, started one way for every tests/web/*.e2e.test.ts:
// a fresh database (seeded), the API (alone, or with the worker and the provider sandbox), the
// production Next server (startWeb, unchanged) and Debian's Chromium; one stop() for all of it.
import { after, before } from 'node:test';
import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';
import { launchChromium, PHONE } from './browser';
import { createTestDatabase, type TestDatabase } from './database';
import { startPaymentStack, type PaymentStack } from './payment-stack';
import { serverEnv, startApi, startWeb, type RunningApi, type RunningProcess } from './processes';

export interface StackOptions {
  /** Seed the demo stores (default true). */
  seed?: boolean;
  /** Runs on the new database before any server starts (extra seed data, settings the servers read at start). */
  prepare?: (db: TestDatabase) => Promise<void>;
  /** Runs once the API (and worker, sandbox) are up, before the web starts (data the web must never have cached otherwise). */
  beforeWeb?: (db: TestDatabase) => Promise<void>;
  /** true: the sandbox, the API and the worker wired together (payments, messages); false (default): the API alone. */
  sandbox?: boolean;
  /** Extra environment for the API (and the worker). */
  env?: Record<string, string>;
  /** Start the Next server (default true). */
  web?: boolean;
  /** Launch Chromium (default true). */
  browser?: boolean;
  /**
   * Extra environment for the web. The page cache is off unless set here (PAGE_CACHE_TTL_S):
   * these stacks run no worker wired to the web's revalidate hook, so a cached page would only
   * leave by its 60 s lifetime, where production purges it within seconds of the change
   * (tests/web/page-cache.e2e.test.ts covers the cache with the hook).
   */
  webEnv?: Record<string, string>;
}

type WebServer = RunningProcess & { url: string; port: number };

export interface Stack {
  db: TestDatabase;
  api: RunningApi;
  /** The API's (and worker's) environment, e.g. its REDIS_KEY_PREFIX. */
  env: NodeJS.ProcessEnv;
  web: WebServer;
  browser: Browser;
  /** Stops everything that was started, newest first, and drops the database. */
  stop(): Promise<void>;
}

/** With `sandbox: true`: the worker and the sandbox too. */
export interface PaymentWebStack extends Stack {
  worker: RunningProcess;
  sandbox: PaymentStack['sandbox'];
}

export function startStack(options: StackOptions & { sandbox: true }): Promise<PaymentWebStack>;
export function startStack(options?: StackOptions & { sandbox?: false }): Promise<Stack>;
export async function startStack(options: StackOptions = {}): Promise<Stack | PaymentWebStack> {
  const stops: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    // Newest first; one failure does not leave the rest running.
    const errors: unknown[] = [];
    for (const step of stops.reverse()) await step().catch((error: unknown) => errors.push(error));
    stops.length = 0;
    if (errors.length) throw errors[0];
  };
  try {
    const db = await createTestDatabase({ seed: options.seed ?? true });
    stops.push(() => db.drop());
    await options.prepare?.(db);
    let api: RunningApi;
    let env: NodeJS.ProcessEnv;
    let payments: PaymentStack | undefined;
    if (options.sandbox) {
      payments = await startPaymentStack(db, options.env);
      stops.push(() => payments!.stop());
      ({ api, env } = payments);
    } else {
      env = serverEnv(db, options.env);
      api = await startApi(env);
      stops.push(() => api.stop());
    }
    await options.beforeWeb?.(db);
    let web: WebServer | undefined;
    if (options.web ?? true) {
      web = await startWeb(api.url, { PAGE_CACHE_TTL_S: '0', ...options.webEnv });
      stops.push(() => web!.stop());
    }
    let browser: Browser | undefined;
    if (options.browser ?? true) {
      browser = await launchChromium();
      stops.push(() => browser!.close());
    }
    const stack: Stack = { db, api, env, web: web!, browser: browser!, stop };
    return payments ? { ...stack, worker: payments.worker, sandbox: payments.sandbox } : stack;
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

/** The start of each useStack() stack, for the hooks that must wait for it (see started()). */
const starts = new WeakMap<object, Promise<void>>();

/**
 * The stack of one test file: started by a top-level before(), stopped by after(). The object
 * returned is empty until before() has run and then holds the started stack's fields, so a file
 * writes `const stack = useStack(...)` once and its tests read `stack.web.url`, `stack.db`.
 */
export function useStack(options: StackOptions & { sandbox: true }): PaymentWebStack;
export function useStack(options?: StackOptions & { sandbox?: false }): Stack;
export function useStack(options: StackOptions = {}): Stack | PaymentWebStack {
  const stack = {} as PaymentWebStack;
  before(() => {
    const start = startStack(options as StackOptions & { sandbox: true }).then((started) => {
      Object.assign(stack, started);
    });
    starts.set(stack, start);
    return start;
  });
  after(async () => {
    await stack.stop?.();
  });
  return stack;
}

/**
 * Resolves once useStack() has started `stack`. A file's top-level before() hooks do not run one
 * after another: node:test (Node 20) starts each as it is registered, so a top-level hook that
 * uses the stack awaits this first (hooks inside describe() run after the file's hooks anyway).
 */
export async function started(stack: object): Promise<void> {
  await starts.get(stack);
}

/**
 * Phones (browser contexts) for the current suite, by name: each is `PHONE` plus its options,
 * made in the suite's before() and closed in its after(), e.g.
 * `const phones = usePhones(stack, { phone: {}, noJs: { javaScriptEnabled: false } })`.
 */
export function usePhones<K extends string>(
  stack: { browser: Browser },
  specs: Record<K, BrowserContextOptions>,
): Record<K, BrowserContext> {
  const phones = {} as Record<K, BrowserContext>;
  before(async () => {
    await started(stack);
    for (const [name, options] of Object.entries<BrowserContextOptions>(specs))
      phones[name as K] = await stack.browser.newContext({ ...PHONE, ...options });
  });
  after(async () => {
    for (const context of Object.values<BrowserContext>(phones)) await context.close();
  });
  return phones;
}
