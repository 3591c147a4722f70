import { Inject, Injectable } from '@nestjs/common';
import {
  etaLabel,
  type DeliveryAreaList,
  type DeliveryAreaOption,
  type DeliveryQuote,
  type PickupOption,
} from '@sokoni/contracts';
import type { TenantTransaction } from '@sokoni/db';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { ApiError } from '../../platform/api-error';
import { RedisKeys } from '../../platform/redis';
import { TenantDb } from '../../platform/tenant-db';
import { LOGGER, REDIS } from '../../platform/tokens';
import { DeliveryRepository } from './delivery.repository';
import type { RequestContext } from '../../platform/request-context';

/** How long a store's fee table is served from Redis; owner changes invalidate it at once. */
export const DELIVERY_TABLE_TTL_SECONDS = 60;
/** The area picker shows at most this many matches. */
export const AREA_MATCH_LIMIT = 8;
/**
 * Picker matches depend only on the words typed and the platform's area list (changed by
 * migrations and the seed), not on the store: cached platform-wide, shared by every store.
 */
const AREA_SEARCH_TTL_SECONDS = 600;
export const PICKUP_NOTE = 'Collect at a partner agent point near you: agent points are listed at checkout.';

/** The hash field holding the store-wide rules; every other field is an area slug. */
const RULES_FIELD = '_rules';

interface Rules {
  freeDeliveryFromKes: number | null;
  pickupFeeKes: number | null;
}

/** One area in a store's cached fee table. zone null: the store does not deliver there. */
interface AreaEntry {
  slug: string;
  name: string;
  subCounty: string;
  zone: { slug: string; name: string } | null;
  feeKes: number | null;
  etaHoursMin: number | null;
  etaHoursMax: number | null;
}

type Offer =
  | Omit<Extract<DeliveryQuote, { deliverable: true }>, 'area' | 'pickup' | 'freeDeliveryFromKes'>
  | Omit<Extract<DeliveryQuote, { deliverable: false }>, 'area' | 'pickup' | 'freeDeliveryFromKes'>;

/** Shopper words -> the picker's normal form: lowercase ASCII letters/digits, single spaces. */
export function normalizeAreaQuery(q: string): string {
  return q
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * Delivery fees and ETAs as shoppers (and checkout) see them. A store's whole fee table (every
 * Nairobi area -> zone, fee, ETA, plus the store's rules) is one Redis hash under the tenant's
 * prefix, read per quote with HMGET and rebuilt from Postgres when missing. The hash key carries
 * a generation number that owner changes bump after they commit, so a reader that loaded the
 * old table concurrently can only write it under the old, no longer read, generation.
 */
@Injectable()
export class DeliveryService {
  constructor(
    private readonly repository: DeliveryRepository,
    private readonly tenantDb: TenantDb,
    private readonly keys: RedisKeys,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** A new store's delivery settings row, in the caller's sign-up transaction. */
  async createSettingsWithin(trx: TenantTransaction, ctx: RequestContext): Promise<void> {
    await this.repository.insertSettings(trx, ctx.tenantId);
  }

  /**
   * The delivery price of one area for a cart subtotal. Checkout must call this when it prices an
   * order (never take a fee from the client). 404 for an area that does not exist; 200 with
   * deliverable:false for an area the store does not deliver to.
   */
  async quote(ctx: RequestContext, areaSlug: string, subtotalKes?: number): Promise<DeliveryQuote> {
    const { rules, areas } = await this.table(ctx, [areaSlug]);
    const area = areas.get(areaSlug);
    if (!area) {
      throw ApiError.notFound(
        'not_found',
        `There is no delivery area called "${areaSlug}". Search areas with GET /v1/stores/${ctx.tenantSlug}/delivery/areas?q=<name>`,
        { area: areaSlug },
      );
    }
    const qualifies = qualifiesForFree(rules, subtotalKes);
    return {
      area: { slug: area.slug, name: area.name, subCounty: area.subCounty },
      ...offer(area, rules, qualifies),
      freeDeliveryFromKes: rules.freeDeliveryFromKes,
      pickup: pickup(rules, qualifies),
    };
  }

  /** The area picker: up to 8 ranked matches for q (or every area without q), each with the store's offer. */
  async areas(ctx: RequestContext, q: string | undefined, subtotalKes?: number): Promise<DeliveryAreaList> {
    let slugs: { slug: string; matched_alias: string | null }[] | 'all' = 'all';
    if (q !== undefined) {
      const normalized = normalizeAreaQuery(q);
      slugs = normalized ? await this.searchAreas(normalized) : [];
    }
    const { rules, areas } = await this.table(ctx, slugs === 'all' ? 'all' : slugs.map((s) => s.slug));
    const qualifies = qualifiesForFree(rules, subtotalKes);
    const option = (area: AreaEntry, matchedAlias: string | null): DeliveryAreaOption => ({
      slug: area.slug,
      name: area.name,
      subCounty: area.subCounty,
      matchedAlias,
      ...offer(area, rules, qualifies),
    });
    const options =
      slugs === 'all'
        ? [...areas.values()].sort((a, b) => a.name.localeCompare(b.name, 'en')).map((a) => option(a, null))
        : slugs.flatMap((s) => {
            const area = areas.get(s.slug);
            return area ? [option(area, s.matched_alias)] : [];
          });
    return {
      query: q ?? null,
      areas: options,
      freeDeliveryFromKes: rules.freeDeliveryFromKes,
      pickup: pickup(rules, qualifies),
    };
  }

  /** After an owner's change has committed: the next read rebuilds the store's table. */
  async invalidate(ctx: RequestContext): Promise<void> {
    try {
      await this.redis.incr(this.keys.tenant(ctx.tenantId, 'delivery', 'gen'));
    } catch (error) {
      // The change is committed; the cached table expires within the TTL anyway.
      this.logger.warn(
        { err: error, tenantId: ctx.tenantId },
        'delivery cache invalidation failed; stale fees for up to the cache TTL',
      );
    }
  }

  private async searchAreas(normalized: string): Promise<{ slug: string; matched_alias: string | null }[]> {
    const key = this.keys.platform('area-search', normalized);
    const cached = await this.redis.get(key);
    if (cached) return JSON.parse(cached) as { slug: string; matched_alias: string | null }[];
    const matches = await this.repository.searchAreas(normalized, AREA_MATCH_LIMIT);
    await this.redis.set(key, JSON.stringify(matches), 'EX', AREA_SEARCH_TTL_SECONDS);
    return matches;
  }

  /** The rules and the requested areas (or all) of a store's fee table, from Redis or Postgres. */
  private async table(
    ctx: RequestContext,
    slugs: string[] | 'all',
  ): Promise<{ rules: Rules; areas: Map<string, AreaEntry> }> {
    const generation = (await this.redis.get(this.keys.tenant(ctx.tenantId, 'delivery', 'gen'))) ?? '0';
    const key = this.keys.tenant(ctx.tenantId, 'delivery', 'table', generation);
    if (slugs === 'all') {
      const all = await this.redis.hgetall(key);
      if (all[RULES_FIELD]) {
        const { [RULES_FIELD]: rules, ...areas } = all;
        return {
          rules: JSON.parse(rules) as Rules,
          areas: new Map(Object.entries(areas).map(([slug, json]) => [slug, JSON.parse(json) as AreaEntry])),
        };
      }
    } else {
      const [rules, ...entries] = await this.redis.hmget(key, RULES_FIELD, ...slugs);
      if (rules) {
        const areas = new Map<string, AreaEntry>();
        entries.forEach((json, i) => {
          if (json) areas.set(slugs[i]!, JSON.parse(json) as AreaEntry);
        });
        return { rules: JSON.parse(rules) as Rules, areas };
      }
    }
    const loaded = await this.load(ctx);
    const fields: Record<string, string> = { [RULES_FIELD]: JSON.stringify(loaded.rules) };
    for (const [slug, entry] of loaded.areas) fields[slug] = JSON.stringify(entry);
    await this.redis.multi().hset(key, fields).expire(key, DELIVERY_TABLE_TTL_SECONDS).exec();
    if (slugs === 'all') return loaded;
    return {
      rules: loaded.rules,
      areas: new Map(
        slugs.flatMap((s) => {
          const a = loaded.areas.get(s);
          return a ? [[s, a] as const] : [];
        }),
      ),
    };
  }

  private async load(ctx: RequestContext): Promise<{ rules: Rules; areas: Map<string, AreaEntry> }> {
    const { settings, rows } = await this.tenantDb.run(ctx, async (trx) => ({
      settings: await this.repository.rules(trx),
      rows: await this.repository.areaOffers(trx, ctx.tenantId),
    }));
    const rules: Rules = {
      freeDeliveryFromKes: settings?.free_delivery_from_kes ?? null,
      pickupFeeKes: settings?.pickup_fee_kes ?? null,
    };
    const areas = new Map<string, AreaEntry>(
      rows.map((r) => [
        r.slug,
        {
          slug: r.slug,
          name: r.name,
          subCounty: r.sub_county,
          zone: r.zone_slug && r.zone_name ? { slug: r.zone_slug, name: r.zone_name } : null,
          feeKes: r.fee_kes,
          etaHoursMin: r.eta_hours_min,
          etaHoursMax: r.eta_hours_max,
        },
      ]),
    );
    return { rules, areas };
  }
}

function qualifiesForFree(rules: Rules, subtotalKes: number | undefined): boolean {
  return rules.freeDeliveryFromKes !== null && subtotalKes !== undefined && subtotalKes >= rules.freeDeliveryFromKes;
}

/** Pickup is offered wherever the store has a pickup fee, and is free when delivery would be. */
function pickup(rules: Rules, qualifiesForFreeDelivery: boolean): PickupOption | null {
  if (rules.pickupFeeKes === null) return null;
  return { feeKes: qualifiesForFreeDelivery ? 0 : rules.pickupFeeKes, note: PICKUP_NOTE };
}

function offer(area: AreaEntry, rules: Rules, qualifiesForFreeDelivery: boolean): Offer {
  if (!area.zone || area.feeKes === null || area.etaHoursMin === null || area.etaHoursMax === null) {
    return {
      deliverable: false,
      zone: null,
      feeKes: null,
      standardFeeKes: null,
      freeDelivery: false,
      etaHoursMin: null,
      etaHoursMax: null,
      etaLabel: null,
      message: `This store does not deliver to ${area.name} yet.${rules.pickupFeeKes !== null ? ' You can collect your order at an agent point instead.' : ' Chat with the store on WhatsApp to arrange delivery.'}`,
    };
  }
  return {
    deliverable: true,
    zone: area.zone,
    feeKes: qualifiesForFreeDelivery ? 0 : area.feeKes,
    standardFeeKes: area.feeKes,
    freeDelivery: qualifiesForFreeDelivery,
    etaHoursMin: area.etaHoursMin,
    etaHoursMax: area.etaHoursMax,
    etaLabel: etaLabel(area.etaHoursMin, area.etaHoursMax),
  };
}
