import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
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
 *
 * Only storefront reads use this. Cart, checkout and placing an order read Postgres (the orders
 * module never calls the catalog services), so a sold-out variant is never sold from a cached answer.
 */
@Injectable()
export class CatalogCache {
  readonly ttlSeconds: number;
  private readonly epochKey: string;

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
      const [epoch, version, entry] = await this.redis.mget(this.epochKey, this.versionKey(ctx), entryKey);
      tag = epoch && version ? `${epoch}/${version}\n` : null;
      if (tag && entry?.startsWith(tag)) {
        this.metrics.hits.inc({ read });
        return JSON.parse(entry.slice(tag.length)) as T;
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

function digest(query: unknown): string {
  return createHash('sha256').update(JSON.stringify(query)).digest('base64url').slice(0, 32);
}
