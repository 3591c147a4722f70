import { Inject, Injectable } from '@nestjs/common';
import type { StoreSummary, Vertical } from '@sokoni/contracts';
import type { Tenant, TenantTransaction } from '@sokoni/db';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { ApiError } from '../../platform/api-error';
import { RedisKeys } from '../../platform/redis';
import type { RequestContext, TenantRef } from '../../platform/request-context';
import { TenantDb } from '../../platform/tenant-db';
import { REDIS } from '../../platform/tokens';
import { STORE_PROFILE_COLUMNS, TenancyRepository, type StoreChanges } from './tenancy.repository';

export type { TenantRef };

/** Host lookups are hot (every storefront request) and rarely change: cache them briefly. */
const RESOLVE_TTL_SECONDS = 60;
const MISS_TTL_SECONDS = 10;
/**
 * Found stores are also kept in the process for this long, saving a Redis round trip on every
 * storefront request (bench:api hot path). Only hits: a store that did not exist is asked again,
 * so a new store appears as soon as Redis says so. forget() clears this process at once; another
 * API process may resolve a renamed or suspended store's old key for up to this long.
 */
const LOCAL_TTL_MS = 5_000;
const LOCAL_MAX_ENTRIES = 10_000;

/** The store's profile as owners and shoppers see it (settings, wizard, storefront header). */
export function toStoreSummary(row: Pick<Tenant, Exclude<(typeof STORE_PROFILE_COLUMNS)[number], 'id'>>): StoreSummary {
  return {
    slug: row.slug,
    name: row.name,
    vertical: row.vertical,
    tagline: row.tagline,
    location: row.location,
    whatsappNumber: row.whatsapp_number,
    returnPolicy: row.return_policy,
    mpesa: row.mpesa_kind && row.mpesa_shortcode ? { kind: row.mpesa_kind, shortcode: row.mpesa_shortcode } : null,
    language: row.default_language,
  };
}

@Injectable()
export class TenancyService {
  constructor(
    private readonly repository: TenancyRepository,
    private readonly tenantDb: TenantDb,
    private readonly keys: RedisKeys,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** cache name + key -> the store Redis or Postgres found (LOCAL_TTL_MS, LOCAL_MAX_ENTRIES). */
  private readonly local = new LRUCache<string, TenantRef>({ max: LOCAL_MAX_ENTRIES, ttl: LOCAL_TTL_MS });

  /**
   * Store slug or custom domain -> tenant; 404 store_not_found when there is no such live store.
   * In the owner area (/v1/owner/..., see RequestContext.ownerArea) draft stores resolve too, so
   * an owner can log in to a store that is not published yet; shoppers never see one.
   */
  async resolve(ctx: RequestContext, slugOrHost: string): Promise<TenantRef> {
    if (ctx.ownerArea) return this.resolveForOwner(slugOrHost);
    return this.cachedLookup('tenant-by-key', slugOrHost, (key) => this.repository.resolve(key));
  }

  /** The caller's context, now working for the store named by slug or host (see resolve). */
  async scope(ctx: RequestContext, slugOrHost: string): Promise<RequestContext> {
    return ctx.withTenant(await this.resolve(ctx, slugOrHost));
  }

  /** Draft or live store by slug or custom domain (owner sign-in, onboarding); never a suspended one. */
  async resolveForOwner(slugOrHost: string): Promise<TenantRef> {
    return this.cachedLookup('owner-tenant-by-key', slugOrHost, (key) => this.repository.resolveForOwner(key));
  }

  /**
   * The one read-through cache both lookups share: a hit answers from Redis, a cached miss ('')
   * is a 404 without touching the database, and whatever the database says is cached (misses for
   * a shorter time, so a new store appears soon).
   */
  private async cachedLookup(
    cacheName: string,
    slugOrHost: string,
    lookup: (key: string) => Promise<TenantRef | null | undefined>,
  ): Promise<TenantRef> {
    const key = slugOrHost.toLowerCase();
    const cacheKey = this.keys.platform(cacheName, key);
    const kept = this.local.get(cacheKey);
    if (kept) return kept;
    const cached = await this.redis.get(cacheKey);
    if (cached === '') throw this.notFound(key);
    if (cached) return this.keepLocally(cacheKey, JSON.parse(cached) as TenantRef);
    const found = await lookup(key);
    await this.redis.set(
      cacheKey,
      found ? JSON.stringify(found) : '',
      'EX',
      found ? RESOLVE_TTL_SECONDS : MISS_TTL_SECONDS,
    );
    if (!found) throw this.notFound(key);
    return this.keepLocally(cacheKey, found);
  }

  private keepLocally(cacheKey: string, found: TenantRef): TenantRef {
    this.local.set(cacheKey, found);
    return found;
  }

  /** Drops cached lookups of a store (it was created, published or renamed). */
  async forget(...keys: string[]): Promise<void> {
    const names = keys
      .map((k) => k.toLowerCase())
      .flatMap((k) => [this.keys.platform('tenant-by-key', k), this.keys.platform('owner-tenant-by-key', k)]);
    for (const name of names) this.local.delete(name);
    if (names.length) await this.redis.del(...names);
  }

  /** A new draft store's row, in the caller's sign-up transaction (with its owner and settings). */
  async createDraftWithin(
    trx: TenantTransaction,
    row: { id: string; slug: string; name: string; vertical: Vertical; tagline: string },
  ): Promise<void> {
    await this.repository.insertDraft(trx, row);
  }

  /** Changes the current store's row in the caller's transaction (wizard steps, publish). */
  async updateStoreWithin(trx: TenantTransaction, changes: StoreChanges): Promise<void> {
    await this.repository.updateCurrent(trx, changes);
  }

  /** The store behind an owner token (which carries only the tenant id): slug and name. */
  async storeOf(ctx: RequestContext): Promise<TenantRef & { name: string }> {
    const row = await this.currentRow(ctx, ctx.tenantId);
    return { tenantId: ctx.tenantId, slug: row.slug, name: row.name };
  }

  async storeSummary(ctx: RequestContext): Promise<StoreSummary> {
    return toStoreSummary(await this.currentRow(ctx));
  }

  /** What a tax invoice prints about the store, in one read of its row. */
  async invoiceStore(ctx: RequestContext): Promise<{
    name: string;
    location: string;
    kraPin: string | null;
    mpesa: StoreSummary['mpesa'];
    legalName: string | null;
    address: string | null;
  }> {
    const [row, business] = await Promise.all([
      this.currentRow(ctx),
      this.tenantDb.run(ctx, (trx) => this.repository.businessDetails(trx)),
    ]);
    return {
      name: row.name,
      location: row.location,
      kraPin: row.kra_pin,
      mpesa: toStoreSummary(row).mpesa,
      legalName: business?.legal_name ?? null,
      address: business?.physical_address ?? null,
    };
  }

  /** The context's store row (404 store_not_found naming `key` when the tenant has none). */
  private async currentRow(ctx: RequestContext, key = ctx.tenant?.slug ?? ctx.tenantId) {
    const row = await this.tenantDb.run(ctx, (trx) => this.repository.findCurrent(trx));
    if (!row) throw this.notFound(key);
    return row;
  }

  private notFound(key: string) {
    return ApiError.notFound('store_not_found', `No store called "${key}" exists`, { store: key });
  }
}
