import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config';
import { RedisKeys } from '../../platform/redis';
import type { RequestContext } from '../../platform/request-context';
import { TenantDb } from '../../platform/tenant-db';
import type { TenantTransaction } from '@sokoni/db';
import { CONFIG, LOGGER, REDIS } from '../../platform/tokens';
import { CatalogCacheMetrics } from './catalog-cache.metrics';

/** The storefront reads kept in the cache (the metrics' `read` label). */
export type CachedRead = 'product_list' | 'product_detail' | 'search' | 'categories';

/** How long a process keeps an answer it parsed from Redis (see the class comment). */
const LOCAL_TTL_MS = 5_000;
/** At most this many kept answers per process (a 48-card list is ~40 KB of objects). */
const LOCAL_MAX_ENTRIES = 500;

/**
 * Redis cache of the storefront's hot catalog reads (docs/operate/caching.md).
 *
 * - Keys are per store: `t:<tenant>:catalog:<read>:<digest of the parsed query>`; the tenant id
 *   comes from the request's context (the store the path named), so one store's answer can never
 *   be found under another store's key.
 * - Each entry is tagged with the versions it was built under: the platform epoch and the store's
 *   catalog version. An entry whose tag is not the current one is never served. Both versions are
 *   read BEFORE Postgres is, so an answer built while a change commits carries the old tag and is
 *   retired by that change's bump.
 * - The store's version is bumped (a fresh random value, never reused) on every catalog_changed
 *   notification (CatalogChangeListener); the epoch when the listener reconnects (notifications
 *   may have been missed while it was down).
 * - Every entry expires after CATALOG_CACHE_TTL_S, the staleness bound when notifications are lost.
 * - Redis not answering is a miss served from Postgres, never an error page.
 * - Each API process also keeps the last parsed answers it read from Redis for up to
 *   LOCAL_TTL_MS, still checked against the current tag on every read (one small MGET instead of
 *   fetching and parsing the whole answer). So a change is seen as soon as it is in Redis; only
 *   the time-based bound (a sale that starts by the clock) grows to the TTL + LOCAL_TTL_MS.
 *   Kept answers are frozen: a caller that tried to change one would throw, never corrupt it.
 *
 * Only storefront reads use this. Cart, checkout and placing an order read Postgres (the orders
 * module never calls the catalog services), so a sold-out variant is never sold from a cached answer.
 */
@Injectable()
export class CatalogCache {
  readonly ttlSeconds: number;
  private readonly epochKey: string;
  /** entry key -> the answer parsed from Redis and the tag it was stored under (LOCAL_TTL_MS). */
  private readonly local = new LRUCache<string, { tag: string; value: unknown }>({
    max: LOCAL_MAX_ENTRIES,
    ttl: LOCAL_TTL_MS,
  });

  constructor(
    @Inject(CONFIG) config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly metrics: CatalogCacheMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly tenantDb: TenantDb,
  ) {
    this.ttlSeconds = config.CATALOG_CACHE_TTL_S;
    this.epochKey = keys.platform('catalog-epoch');
  }

  get enabled(): boolean {
    return this.ttlSeconds > 0;
  }

  /**
   * The answer of `read` for the context's store and `query` (the parsed input: equal inputs,
   * equal keys): the cached one when its tag is current, else load() in the store's tenant
   * transaction, then kept. Errors of load() are thrown and never cached.
   *
   * Where load() reads: an answer that will be kept is read from the PRIMARY. The version it is
   * tagged with may already count a change the replica has not replayed yet (the notification
   * comes from the primary's commit), and a replica answer kept under that tag would stay stale
   * for the whole TTL. With the cache off, or Redis not answering, nothing is kept, so the read
   * may go to the replica (TenantDb.read, docs/operate/read-replica.md).
   */
  async read<T>(
    ctx: RequestContext,
    read: CachedRead,
    query: unknown,
    load: (trx: TenantTransaction) => Promise<T>,
  ): Promise<T> {
    const fromReplica = () => this.tenantDb.read(ctx, load);
    if (!this.enabled) return fromReplica();
    const entryKey = this.keys.tenant(ctx.tenantId, 'catalog', read, digest(query));
    let tag: string | null;
    try {
      const kept = this.local.get(entryKey);
      if (kept) {
        const [epoch, version] = await this.redis.mget(this.epochKey, this.versionKey(ctx));
        if (epoch && version && kept.tag === `${epoch}/${version}\n`) {
          this.metrics.hits.inc({ read });
          return kept.value as T;
        }
      }
      const [epoch, version, entry] = await this.redis.mget(this.epochKey, this.versionKey(ctx), entryKey);
      tag = epoch && version ? `${epoch}/${version}\n` : null;
      if (tag && entry?.startsWith(tag)) {
        this.metrics.hits.inc({ read });
        return this.keep(entryKey, tag, JSON.parse(entry.slice(tag.length)) as T);
      }
      this.metrics.misses.inc({ read, reason: !tag ? 'unversioned' : entry ? 'stale' : 'absent' });
      tag ??= await this.startVersions(ctx);
    } catch (error) {
      this.metrics.misses.inc({ read, reason: 'error' });
      this.logger.warn({ err: error, read }, 'catalog cache unreachable: answered from Postgres');
      return fromReplica();
    }
    const value = tag ? await this.tenantDb.run(ctx, load) : await fromReplica();
    if (tag) {
      this.redis.set(entryKey, `${tag}${JSON.stringify(value)}`, 'EX', this.ttlSeconds).catch((error: unknown) => {
        this.logger.warn({ err: error, read }, 'catalog cache write failed');
      });
    }
    return value;
  }

  /** Keeps a freshly parsed answer in this process (frozen, so no caller can change it for the next). */
  private keep<T>(entryKey: string, tag: string, value: T): T {
    this.local.set(entryKey, { tag, value: deepFreeze(value) });
    return value;
  }

  /** A store's catalog changed: none of its cached answers is served again. */
  async retire(ctx: RequestContext): Promise<void> {
    await this.redis.set(this.versionKey(ctx), randomUUID());
    this.metrics.invalidations.inc({ reason: 'change' });
  }

  /** Every store's cached answers retired at once (changes may have been missed). */
  async retireAll(reason: 'listener_reconnect'): Promise<void> {
    await this.redis.set(this.epochKey, randomUUID());
    this.metrics.invalidations.inc({ reason });
  }

  private versionKey(ctx: RequestContext): string {
    return this.keys.tenant(ctx.tenantId, 'catalog-version');
  }

  /**
   * First read of a store (or after Redis lost the versions): creates them without overwriting a
   * bump that got there first, and returns the tag they make (null if Redis did not say).
   */
  private async startVersions(ctx: RequestContext): Promise<string | null> {
    const versionKey = this.versionKey(ctx);
    const results = await this.redis
      .multi()
      .set(this.epochKey, randomUUID(), 'NX')
      .set(versionKey, randomUUID(), 'NX')
      .mget(this.epochKey, versionKey)
      .exec();
    const [epoch, version] = (results?.[2]?.[1] as (string | null)[] | undefined) ?? [];
    return epoch && version ? `${epoch}/${version}\n` : null;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function digest(query: unknown): string {
  return createHash('sha256').update(JSON.stringify(query)).digest('base64url').slice(0, 32);
}
