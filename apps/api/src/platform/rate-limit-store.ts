import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * The API's rate-limit counters (a `store` for @fastify/rate-limit): counted in this process and
 * added to Redis in batches, instead of one Redis round trip per request.
 *
 * @fastify/rate-limit's own Redis store runs a script on every request. On a storefront read
 * that round trip was ~9% of the API process's CPU (issue 17: a CPU profile of the uncached
 * product list), for a counter that only has to be right at the limit. Here the first request of
 * a key's window in this process asks Redis (so what other processes counted is known from the
 * start); every later one adds one to the key's local count and is answered at once from what
 * Redis said last plus what this process has counted since. Every FLUSH_MS the counts of all keys
 * that moved go to Redis in one pipeline (INCRBY, and the window's expiry set by the first
 * writer), and Redis answers each key's total over every process, which becomes the new base.
 *
 * - One process: exact (the base is its own flushed count, the rest is local), so a limit of 20
 *   refuses the 21st request as before.
 * - Several processes behind nginx: each sees the others' requests at its next flush, so a
 *   client spreading a burst over N processes gets at most what those N let through in one
 *   flush interval past the limit (50 ms against windows of a minute or an hour).
 * - Redis down: the limits still hold per process (the plugin's skipOnError used to wave
 *   everyone through); the lost counts are logged once per outage, not retried (that could
 *   count twice).
 *
 * Windows are fixed per key from its first request (the expiry Redis set), as the plugin's own
 * Redis store has them; keys live under the same namespace.
 */
export function localFirstRateLimitStore(
  redis: Redis,
  namespace: string,
  logger: Logger,
): new () => LocalFirstRateLimitStore {
  const shared = new SharedCounters(redis, namespace, logger);
  // The plugin makes its store with `new Store(options)`: a constructor bound to these counters.
  return class extends LocalFirstRateLimitStore {
    constructor() {
      super(shared, '');
    }
  };
}

type Count = { current: number; ttl: number };

/** What the plugin calls: count (incr) or look (read) for a key, and a store per limited route. */
export class LocalFirstRateLimitStore {
  constructor(
    private readonly counters: SharedCounters,
    readonly prefix: string,
  ) {}

  incr(key: string, callback: (error: Error | null, result?: Count) => void, timeWindow: number): void {
    this.counters.add(`${this.prefix}${key}`, timeWindow, (result) => callback(null, result));
  }

  read(key: string, callback: (error: Error | null, result?: Count) => void): void {
    callback(null, this.counters.read(`${this.prefix}${key}`));
  }

  /**
   * A route with its own limit counts under its own keys, as the plugin's Redis store does (the
   * plugin passes its merged params, with the route as routeInfo; its types say otherwise).
   */
  child(params: unknown): LocalFirstRateLimitStore {
    const route = (params as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo ?? {};
    return new LocalFirstRateLimitStore(this.counters, `${this.prefix}${String(route.method)}${String(route.url)}-`);
  }
}

const FLUSH_MS = 50;
/** Keys kept at most (distinct client addresses x limited routes within their windows). */
const MAX_KEYS = 100_000;

/** INCRBY, then the window's expiry when this add created the key; the total and time left. */
const ADD_SCRIPT = `
  local current = redis.call('INCRBY', KEYS[1], ARGV[1])
  if current == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]); ttl = tonumber(ARGV[2]) end
  return {current, ttl}`;

interface Counter {
  /** Every process's count as Redis last answered it (this process's flushed adds included). */
  base: number;
  /** Sent to Redis, not answered yet. */
  inFlight: number;
  /** Counted here since the last flush. */
  pending: number;
  endsAt: number;
  windowMs: number;
  /** The window's first request here, waiting for Redis's count: requests meanwhile wait with it. */
  opening: Promise<void> | null;
}

/** A pipeline with the add script defined on its connection (queues it; exec() runs them all). */
type PipelineWithAdd = { sokoniRateLimitAdd(key: string, count: number, windowMs: number): unknown };

/** Every key's count in this process, shared by the stores of all routes. */
export class SharedCounters {
  private readonly counters = new Map<string, Counter>();
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private failing = false;

  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
    private readonly logger: Logger,
  ) {
    if (!('sokoniRateLimitAdd' in redis)) {
      redis.defineCommand('sokoniRateLimitAdd', { numberOfKeys: 1, lua: ADD_SCRIPT });
    }
  }

  /**
   * Counts one request for key and answers its count. The first request of a key's window in this
   * process asks Redis at once (what other processes counted in this window is then known from
   * the start: one round trip per client and window, not per request); the rest are counted here
   * and sent with the next flush.
   */
  add(key: string, windowMs: number, done: (count: Count) => void): void {
    const now = Date.now();
    const counter = this.counters.get(key);
    if (!counter || now >= counter.endsAt) {
      if (!counter && this.counters.size >= MAX_KEYS) this.dropEnded(now);
      const opened: Counter = { base: 0, inFlight: 1, pending: 0, endsAt: now + windowMs, windowMs, opening: null };
      this.counters.set(key, opened);
      opened.opening = this.send([{ key, sent: 1, windowMs }]).then(([reply]) => {
        opened.inFlight -= 1;
        this.settle(opened, 1, reply!);
        opened.opening = null;
        if (opened.pending > 0) this.markDirty(key);
        done({ current: opened.base, ttl: Math.max(0, opened.endsAt - Date.now()) });
      });
      return;
    }
    counter.pending++;
    if (counter.opening) {
      // Its place behind the first request, once Redis has answered that one.
      const place = counter.pending;
      void counter.opening.then(() =>
        done({ current: counter.base + place, ttl: Math.max(0, counter.endsAt - Date.now()) }),
      );
      return;
    }
    this.markDirty(key);
    done({ current: counter.base + counter.inFlight + counter.pending, ttl: counter.endsAt - now });
  }

  private markDirty(key: string): void {
    this.dirty.add(key);
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), FLUSH_MS);
    // Not waited on by shutdown: the last 50 ms of counts of a stopping process may be lost.
    this.timer.unref();
  }

  read(key: string): Count {
    const now = Date.now();
    const counter = this.counters.get(key);
    if (!counter || now >= counter.endsAt) return { current: 0, ttl: 0 };
    return { current: counter.base + counter.inFlight + counter.pending, ttl: counter.endsAt - now };
  }

  private async flush(): Promise<void> {
    this.timer = null;
    const batch = [...this.dirty].flatMap((key) => {
      const counter = this.counters.get(key);
      // An opening counter's pending requests go after its first one is answered (add re-marks it).
      if (!counter || counter.opening || counter.pending === 0) return [];
      const sent = counter.pending;
      counter.inFlight += sent;
      counter.pending = 0;
      return [{ key, counter, sent, windowMs: counter.windowMs }];
    });
    this.dirty.clear();
    if (batch.length === 0) return;
    const replies = await this.send(batch);
    batch.forEach(({ counter, sent }, i) => {
      counter.inFlight -= sent;
      this.settle(counter, sent, replies[i]!);
    });
  }

  /**
   * Adds each count to its key in Redis, in one pipeline; each reply is the key's total over
   * every process and the time its window has left, or null when Redis could not be reached.
   */
  private async send(adds: { key: string; sent: number; windowMs: number }[]): Promise<(Count | null)[]> {
    const pipeline = this.redis.pipeline();
    for (const { key, sent, windowMs } of adds) {
      (pipeline as unknown as PipelineWithAdd).sokoniRateLimitAdd(`${this.namespace}${key}`, sent, windowMs);
    }
    const replies = await pipeline.exec().catch(() => null);
    const counts = adds.map((_, i) => {
      const [error, reply] = replies?.[i] ?? [new Error('no reply'), null];
      if (error || !Array.isArray(reply)) return null;
      return { current: Number(reply[0]), ttl: Number(reply[1]) };
    });
    const failed = counts.filter((c) => c === null).length;
    if (failed > 0 && !this.failing) {
      this.logger.warn(
        { keys: failed },
        'rate-limit counts could not reach Redis: limiting per process until it is back',
      );
    }
    this.failing = failed > 0;
    return counts;
  }

  /**
   * Redis's answer to an add of `sent`. Redis answers in order, so its total counts this add and
   * everything sent before it, not a later add still in flight (inFlight), which reads add on
   * top. No answer: the requests are counted here all the same, so this process keeps limiting
   * on its own.
   */
  private settle(counter: Counter, sent: number, reply: Count | null): void {
    if (!reply) {
      counter.base += sent;
      return;
    }
    counter.base = reply.current;
    counter.endsAt = Date.now() + reply.ttl;
  }

  private dropEnded(now: number): void {
    for (const [key, counter] of this.counters) {
      if (now >= counter.endsAt && !this.dirty.has(key) && counter.inFlight === 0) this.counters.delete(key);
    }
    // Still full (a flood of distinct keys within their windows): forget the oldest.
    while (this.counters.size >= MAX_KEYS) {
      const oldest = this.counters.keys().next().value;
      if (oldest === undefined) break;
      this.counters.delete(oldest);
      this.dirty.delete(oldest);
    }
  }
}
