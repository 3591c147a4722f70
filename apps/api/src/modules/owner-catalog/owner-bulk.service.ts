import { Injectable } from '@nestjs/common';
import { percentOf } from '@sokoni/contracts';
import type { TenantTransaction } from '@sokoni/db';
import { ApiError } from '../../platform/api-error';
import type { RequestContext } from '../../platform/request-context';
import { CatalogWriteKit } from './catalog-write-kit';
import { translate } from './catalog-rules';
import { writePriceChange } from './price-change';
import { OwnerMatrixRepository } from './owner-matrix.repository';

type Loaded = Awaited<ReturnType<OwnerMatrixRepository['productsForBulk']>>;

const DAY_MS = 86_400_000;

/** A regular price moved by a whole percentage, rounded half-up to a shilling, at least 1. */
export function scaledPrice(priceKes: number, percent: number): number {
  return Math.max(1, Math.floor((priceKes * (100 + percent) * 2 + 100) / 200));
}

/**
 * Bulk edits from the owner's product list, on the selected products' variants, each in one
 * transaction with the products and variants locked: all of it or none (an unknown product or an
 * overlapping sale refuses the whole request). Price changes go through writePriceChange (one
 * audit row per variant); stock is set with adjustment movements (audited as inventory.adjusted).
 */
@Injectable()
export class OwnerBulkService {
  constructor(
    private readonly kit: CatalogWriteKit,
    private readonly matrix: OwnerMatrixRepository,
  ) {}

  async price(ctx: RequestContext, slugs: string[], percent: number) {
    return this.bulk(ctx, slugs, 'price', { percent }, async (trx, { variants }) => {
      let n = 0;
      for (const v of variants) {
        const priceKes = scaledPrice(v.price_kes, percent);
        const compareAtKes = v.compare_at_kes !== null && v.compare_at_kes > priceKes ? v.compare_at_kes : null;
        if (await writePriceChange(trx, this.kit.repository, this.kit.audit, ctx, v, { priceKes, compareAtKes })) n++;
      }
      return n;
    });
  }

  async stock(ctx: RequestContext, slugs: string[], onHand: number, reason?: string) {
    return this.bulk(ctx, slugs, 'stock', { onHand }, async (trx, { variants }) => {
      let n = 0;
      for (const v of variants.filter((x) => x.status === 'active')) {
        if (v.on_hand === onHand) continue;
        await this.kit.repository.insertMovement(trx, {
          tenant_id: ctx.tenantId,
          variant_id: v.id,
          kind: 'adjustment',
          quantity: onHand - v.on_hand,
          reason: reason ?? 'bulk stock count',
        });
        await this.kit.audit.record(trx, ctx, {
          action: 'inventory.adjusted',
          entity: { type: 'variant', id: v.sku },
          before: { onHand: v.on_hand },
          after: { onHand, reason: reason ?? 'bulk stock count' },
        });
        n++;
      }
      return n;
    });
  }

  async sale(ctx: RequestContext, slugs: string[], percent: number, days: number) {
    const startsAt = new Date();
    const endsAt = new Date(startsAt.getTime() + days * DAY_MS);
    return this.bulk(ctx, slugs, 'sale', { percent, days }, async (trx, { variants }) => {
      let n = 0;
      for (const v of variants.filter((x) => x.status === 'active')) {
        const salePriceKes = v.price_kes - percentOf(v.price_kes, percent);
        if (salePriceKes < 1 || salePriceKes >= v.price_kes) continue; // a 1-shilling item cannot go lower
        try {
          await this.kit.repository.insertPriceRule(trx, {
            tenant_id: ctx.tenantId,
            variant_id: v.id,
            sale_price_kes: salePriceKes,
            starts_at: startsAt,
            ends_at: endsAt,
            reason: `bulk sale ${percent}% off`,
          });
        } catch (error) {
          const { code } = error as { code?: string };
          if (code === '23P01')
            throw new ApiError(
              409,
              'conflict',
              `A sale already runs for ${v.sku} in that period: nothing was changed`,
              {
                reason: 'overlapping_sale',
                sku: v.sku,
              },
            );
          translate(error);
        }
        await this.kit.audit.record(trx, ctx, {
          action: 'product.sale_scheduled',
          entity: { type: 'variant', id: v.sku },
          before: { priceKes: v.price_kes },
          after: { salePriceKes, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() },
        });
        n++;
      }
      return n;
    });
  }

  async archive(ctx: RequestContext, slugs: string[]) {
    return this.bulk(ctx, slugs, 'archive', {}, async (trx, { products }) => {
      const ids = products.filter((p) => p.status !== 'archived').map((p) => p.id);
      await this.matrix.archiveProducts(trx, ids);
      for (const p of products.filter((x) => ids.includes(x.id)))
        await this.kit.audit.record(trx, ctx, {
          action: 'product.archived',
          entity: { type: 'product', id: p.slug },
          before: { status: p.status },
          after: { status: 'archived' },
        });
      return 0;
    });
  }

  private async bulk(
    ctx: RequestContext,
    slugs: string[],
    kind: string,
    params: Record<string, unknown>,
    fn: (trx: TenantTransaction, loaded: Loaded) => Promise<number>,
  ) {
    const { variants, store } = await this.kit.tenantDb.run(ctx, async (trx) => {
      const loaded = await this.matrix.productsForBulk(trx, slugs);
      const missing = slugs.filter((s) => !loaded.products.some((p) => p.slug === s));
      if (missing.length)
        throw new ApiError(400, 'validation_failed', `Not products of your store: ${missing.join(', ')}`, {
          where: 'body',
          field: 'products',
          missing,
        });
      const variants = await fn(trx, loaded);
      await this.kit.audit.record(trx, ctx, {
        action: `catalog.bulk_${kind}`,
        entity: { type: 'catalog', id: 'bulk' },
        after: { ...params, products: slugs, variants },
      });
      return { variants, store: (await this.kit.tenancy.findCurrent(trx))!.slug };
    });
    await this.kit.notifier.changed(ctx, store, slugs);
    return { products: slugs.length, variants };
  }
}
