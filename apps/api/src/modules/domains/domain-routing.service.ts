import { Inject, Injectable } from '@nestjs/common';
import type { DomainLookup } from '@sokoni/contracts';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config';
import { ApiError } from '../../platform/api-error';
import { RedisKeys } from '../../platform/redis';
import type { RequestContext } from '../../platform/request-context';
import { TenantDb } from '../../platform/tenant-db';
import { CONFIG, LOGGER, REDIS } from '../../platform/tokens';
import { SitemapService } from '../seo/sitemap.service';
import { TenancyService } from '../tenancy/tenancy.service';
import { platformDomainOf } from './domain-settings';
import { DomainsRepository } from './domains.repository';

const PRIMARY_TTL_SECONDS = 60;

/**
 * Host -> store for the web's proxy (GET /v1/domains/lookup), the TLS `ask` of Caddy's on-demand
 * TLS (GET /internal/tls/ask), and dropping every cache of a host when its domain changes.
 */
@Injectable()
export class DomainRoutingService {
  constructor(
    private readonly repository: DomainsRepository,
    private readonly tenantDb: TenantDb,
    private readonly tenancy: TenancyService,
    private readonly sitemaps: SitemapService,
    private readonly keys: RedisKeys,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The store serving a custom host (404 unless verified), or a store by slug: with its canonical host. */
  async lookup(ctx: RequestContext, by: { host: string } | { store: string }): Promise<DomainLookup> {
    const key = 'host' in by ? by.host : by.store;
    const scoped = await this.tenancy.scope(ctx, key);
    return {
      store: scoped.tenantSlug,
      primaryHost: await this.primaryHost(scoped),
      host: 'host' in by ? by.host : null,
    };
  }

  /** The store's primary verified host (cached briefly, dropped on change). */
  async primaryHost(ctx: RequestContext): Promise<string | null> {
    const cacheKey = this.keys.platform('domain-primary', ctx.tenantId);
    const cached = await this.redis.get(cacheKey);
    if (cached !== null) return cached === '' ? null : cached;
    const host = await this.tenantDb.run(ctx, (trx) => this.repository.primaryHost(trx, ctx.tenantId));
    await this.redis.set(cacheKey, host ?? '', 'EX', PRIMARY_TTL_SECONDS);
    return host;
  }

  /**
   * Caddy's on-demand TLS permission (docs/operate/custom-domains.md): 200 for a verified custom
   * host of a live store, the platform domain and a live store's platform subdomain; 404 for
   * anything else; 429 past TLS_ASK_PER_HOST_PER_MINUTE (Caddy denies on any non-2xx). One
   * Redis-cached lookup (misses cached 10 s), never a DNS query.
   */
  async ask(ctx: RequestContext, rawDomain: string): Promise<{ allowed: boolean }> {
    const domain = rawDomain.trim().toLowerCase().replace(/\.$/, '');
    const key = this.keys.platform('rl', 'tls-ask', domain.slice(0, 253));
    const [[, count], [, ttl]] = (await this.redis.multi().incr(key).expire(key, 60, 'NX').exec()) as [
      [unknown, number],
      [unknown, number],
    ];
    void ttl;
    if (count > this.config.TLS_ASK_PER_HOST_PER_MINUTE)
      throw new ApiError(429, 'rate_limited', 'Too many certificate asks for this host', { retryAfterSeconds: 60 });
    const platform = platformDomainOf(this.config);
    if (domain === platform) return { allowed: true };
    let key2 = domain;
    if (domain.endsWith(`.${platform}`)) {
      key2 = domain.slice(0, -platform.length - 1);
      if (key2.includes('.')) return { allowed: false };
    } else if (!domain.includes('.')) {
      return { allowed: false };
    }
    try {
      await this.tenancy.resolve(ctx, key2);
      return { allowed: true };
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return { allowed: false };
      throw error;
    }
  }

  /**
   * A domain of the store changed (verified, demoted, removed, made primary): drop the host
   * lookups (API Redis), the canonical host, the web proxy's cache, and rebuild the sitemap.
   */
  async invalidate(ctx: RequestContext, hosts: string[], store?: string): Promise<void> {
    await this.tenancy.forget(...hosts);
    await this.redis.del(this.keys.platform('domain-primary', ctx.tenantId));
    await this.sitemaps
      .scheduleRegeneration(ctx)
      .catch((error: unknown) =>
        this.logger.warn({ err: error }, 'sitemap regeneration not scheduled after a domain change'),
      );
    await this.invalidateWeb(hosts, store ?? ctx.tenant?.slug);
  }

  /** POST <web>/api/domains/invalidate: the proxy forgets these hosts now instead of at its TTL. */
  private async invalidateWeb(hosts: string[], store: string | undefined): Promise<void> {
    if (!this.config.WEB_REVALIDATE_URL || !this.config.REVALIDATE_SECRET) return;
    try {
      const res = await fetch(new URL('/api/domains/invalidate', this.config.WEB_REVALIDATE_URL), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-revalidate-secret': this.config.REVALIDATE_SECRET },
        body: JSON.stringify({ hosts, stores: store ? [store] : [] }),
        signal: AbortSignal.timeout(2_000),
      });
      if (!res.ok) this.logger.warn({ status: res.status }, 'web domain cache invalidation refused');
    } catch (error) {
      // The web's cache then expires on its own (DOMAIN_CACHE_TTL_MS in proxy.ts).
      this.logger.warn({ err: error }, 'web domain cache invalidation failed');
    }
  }
}
