import { Injectable } from '@nestjs/common';
import { CatalogWriteKit } from './catalog-write-kit';
import type { OwnerProduct, OwnerVariantAdd } from '@sokoni/contracts';
import { ApiError } from '../../platform/api-error';
import { writePriceChange } from './price-change';
import { MAX_VARIANTS, skuTaken, translate, type PgError } from './catalog-rules';
import { insertVariant, requireProduct, requireVariant, reloadOwnerProduct } from './catalog-lookups';
import type { RequestContext } from '../../platform/request-context';

/** The owner's variants and their prices: add a variant, change a regular price, schedule a sale. */
@Injectable()
export class OwnerVariantsService {
  constructor(private readonly kit: CatalogWriteKit) {}

  /**
   * One more variant of an existing product (a new colour or size from the supplier): its options
   * name exactly the product's option names and are a new combination (compared without case),
   * its SKU is free in the store, its opening stock is a restock movement (as on creation). One
   * transaction with the product row locked, so two additions of the same combination queue and
   * the second is refused; the audit row commits with the variant.
   */
  async addVariant(ctx: RequestContext, slug: string, input: OwnerVariantAdd): Promise<OwnerProduct> {
    const { product, store } = await this.kit.tenantDb.run(ctx, async (trx) => {
      const current = await requireProduct(trx, this.kit.repository, slug, true);
      const names = current.option_names;
      if (names.length === 0) {
        throw new ApiError(
          409,
          'conflict',
          `"${current.title}" has no options (like Colour or Size), so it is sold as one variant only: add the new one as a product of its own`,
          { reason: 'no_options', product: slug },
        );
      }
      const given = Object.keys(input.options);
      const missing = names.filter((n) => !given.includes(n));
      const unknown = given.filter((k) => !names.includes(k));
      if (missing.length || unknown.length) {
        throw new ApiError(
          400,
          'validation_failed',
          `This product's options are ${names.join(', ')}: give one value for each${unknown.length ? ` (${unknown.join(', ')} is not one of them)` : ''}`,
          {
            where: 'body',
            field: 'options',
            optionNames: names,
            issues: [
              ...missing.map((n) => ({ path: `options.${n}`, message: `give a value for ${n}`, code: 'custom' })),
              ...unknown.map((k) => ({
                path: `options.${k}`,
                message: `not an option of this product (its options: ${names.join(', ')})`,
                code: 'custom',
              })),
            ],
          },
        );
      }
      const options = Object.fromEntries(names.map((n) => [n, input.options[n]!]));
      const existing = await this.kit.repository.variantsOf(trx, current.id);
      const combination = (o: Record<string, string>) => JSON.stringify(names.map((n) => (o[n] ?? '').toLowerCase()));
      const same = existing.find((v) => combination(v.options) === combination(options));
      if (same) {
        throw new ApiError(
          409,
          'conflict',
          `${current.title} already has ${names.map((n) => `${n}: ${same.options[n]}`).join(', ')} (SKU ${same.sku})`,
          {
            reason: 'variant_exists',
            sku: same.sku,
            options: same.options,
          },
        );
      }
      if (existing.length >= MAX_VARIANTS) {
        throw new ApiError(409, 'conflict', `A product has at most ${MAX_VARIANTS} variants`, {
          reason: 'too_many_variants',
          max: MAX_VARIANTS,
        });
      }
      const taken = await this.kit.repository.skuOwner(trx, input.sku);
      if (taken) throw skuTaken(input.sku, taken.product_slug);
      try {
        await insertVariant(
          trx,
          this.kit.repository,
          ctx,
          current.id,
          await this.kit.repository.nextVariantPosition(trx, current.id),
          {
            ...input,
            options,
          },
        );
        await this.kit.repository.touchProduct(trx, current.id);
      } catch (error) {
        // Another request took the SKU between the check and the insert.
        const { code, constraint } = error as PgError;
        if (code === '23505' && constraint?.includes('sku')) throw skuTaken(input.sku, undefined, constraint);
        translate(error);
      }
      const after = await reloadOwnerProduct(trx, this.kit.repository, slug);
      await this.kit.audit.record(trx, ctx, {
        action: 'product.variant_added',
        entity: { type: 'variant', id: input.sku },
        after: {
          product: slug,
          sku: input.sku,
          options,
          priceKes: input.priceKes,
          compareAtKes: input.compareAtKes ?? null,
          stock: input.stock,
        },
      });
      return { product: after, store: (await this.kit.tenancy.findCurrent(trx))!.slug };
    });
    await this.kit.notifier.changed(ctx, store, [slug]);
    return product;
  }

  /** Price edits always leave an audit row with the before and after. */
  async changePrice(ctx: RequestContext, sku: string, priceKes: number, compareAtKes: number | null | undefined) {
    const { result, store } = await this.kit.tenantDb.run(ctx, async (trx) => {
      const variant = await requireVariant(trx, this.kit.repository, sku);
      const after = { priceKes, compareAtKes: compareAtKes === undefined ? variant.compare_at_kes : compareAtKes };
      if (after.compareAtKes !== null && after.compareAtKes <= after.priceKes) {
        throw new ApiError(400, 'validation_failed', 'compareAtKes must be above priceKes', {
          where: 'body',
          field: 'compareAtKes',
        });
      }
      try {
        await writePriceChange(trx, this.kit.repository, this.kit.audit, ctx, variant, after);
      } catch (error) {
        translate(error);
      }
      return {
        result: { sku, productSlug: variant.product_slug, ...after },
        store: (await this.kit.tenancy.findCurrent(trx))!.slug,
      };
    });
    await this.kit.notifier.changed(ctx, store, [result.productSlug]);
    return result;
  }

  async scheduleSale(
    ctx: RequestContext,
    sku: string,
    rule: { salePriceKes: number; startsAt: Date; endsAt: Date; reason?: string },
  ) {
    const { result, store } = await this.kit.tenantDb.run(ctx, async (trx) => {
      const variant = await requireVariant(trx, this.kit.repository, sku);
      if (rule.salePriceKes >= variant.price_kes) {
        throw new ApiError(
          400,
          'validation_failed',
          `A sale price must be below the regular price (KES ${variant.price_kes})`,
          { where: 'body', field: 'salePriceKes' },
        );
      }
      let id: string;
      try {
        id = await this.kit.repository.insertPriceRule(trx, {
          tenant_id: ctx.tenantId,
          variant_id: variant.id,
          sale_price_kes: rule.salePriceKes,
          starts_at: rule.startsAt,
          ends_at: rule.endsAt,
          reason: rule.reason ?? null,
        });
      } catch (error) {
        translate(error);
      }
      const after = {
        salePriceKes: rule.salePriceKes,
        startsAt: rule.startsAt.toISOString(),
        endsAt: rule.endsAt.toISOString(),
      };
      await this.kit.audit.record(trx, ctx, {
        action: 'product.sale_scheduled',
        entity: { type: 'variant', id: sku },
        before: { priceKes: variant.price_kes },
        after,
      });
      return {
        result: { id, sku, productSlug: variant.product_slug, ...after },
        store: (await this.kit.tenancy.findCurrent(trx))!.slug,
      };
    });
    await this.kit.notifier.changed(ctx, store, [result.productSlug]);
    return {
      id: result.id,
      sku: result.sku,
      salePriceKes: result.salePriceKes,
      startsAt: result.startsAt,
      endsAt: result.endsAt,
    };
  }
}
