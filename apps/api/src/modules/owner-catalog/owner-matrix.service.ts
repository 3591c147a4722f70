import { Injectable } from '@nestjs/common';
import {
  PRODUCT_LIMITS,
  type OwnerImageAssign,
  type OwnerMatrixCreate,
  type OwnerOptionsAdd,
  type OwnerProduct,
} from '@sokoni/contracts';
import { ApiError } from '../../platform/api-error';
import type { RequestContext } from '../../platform/request-context';
import { CatalogWriteKit } from './catalog-write-kit';
import { freeSlug, insertVariant, reloadOwnerProduct, requireCategory, requireProduct } from './catalog-lookups';
import { slugify, translate } from './catalog-rules';
import { axesOf, combinations, comboKey, generateSku, skuPrefix, type OptionAxis } from './option-matrix';
import { OwnerMatrixRepository } from './owner-matrix.repository';

const bad = (field: string, message: string, extra: Record<string, unknown> = {}) =>
  new ApiError(400, 'validation_failed', message, { where: 'body', field, ...extra });

/**
 * Option matrices: the owner enters each option's values once and gets every combination as a
 * variant (generated SKU, the product's price, opening stock); more values later make only the
 * new combinations, existing variants keep SKU, price, stock and photo. A photo can be the
 * picture of every variant of one colour. All in one transaction with the product locked.
 */
@Injectable()
export class OwnerMatrixService {
  constructor(
    private readonly kit: CatalogWriteKit,
    private readonly matrix: OwnerMatrixRepository,
  ) {}

  async create(ctx: RequestContext, input: OwnerMatrixCreate): Promise<OwnerProduct> {
    const { product, store } = await this.kit.tenantDb.run(ctx, async (trx) => {
      const repo = this.kit.repository;
      const categoryId = input.categorySlug ? await requireCategory(trx, repo, input.categorySlug) : null;
      const slug = input.slug ?? (await freeSlug(trx, repo, slugify(input.title)));
      const axes: OptionAxis[] = input.options.map((o) => ({ name: o.name, values: o.values }));
      const prefix = skuPrefix(input.title, input.skuPrefix);
      const taken = await this.matrix.skusStartingWith(trx, ctx.tenantId, prefix);
      try {
        const productId = await repo.insertProduct(trx, {
          tenant_id: ctx.tenantId,
          slug,
          title: input.title,
          brand: input.brand ?? null,
          description: input.description,
          category_id: categoryId,
          status: input.status,
          option_names: axes.map((a) => a.name),
        });
        await this.matrix.setProductOptions(trx, productId, { default_price_kes: input.priceKes });
        for (const [position, options] of combinations(axes).entries())
          await insertVariant(trx, repo, ctx, productId, position, {
            sku: generateSku(prefix, Object.values(options), taken),
            options,
            priceKes: input.priceKes,
            compareAtKes: input.compareAtKes ?? null,
            stock: input.stock,
          });
      } catch (error) {
        translate(error);
      }
      const created = await reloadOwnerProduct(trx, repo, slug);
      await this.kit.audit.record(trx, ctx, {
        action: 'product.created',
        entity: { type: 'product', id: slug },
        after: { ...created, matrix: axes },
      });
      return { product: created, store: (await this.kit.tenancy.findCurrent(trx))!.slug };
    });
    await this.kit.notifier.changed(ctx, store, [product.slug]);
    return product;
  }

  async addOptions(ctx: RequestContext, slug: string, input: OwnerOptionsAdd) {
    const { product, created, store } = await this.kit.tenantDb.run(ctx, async (trx) => {
      const repo = this.kit.repository;
      const current = await requireProduct(trx, repo, slug, true);
      const variants = await this.matrix.variantsWithMedia(trx, current.id);
      const axes = axesOf(current.option_names, variants);
      let names = [...current.option_names];
      const newNames: string[] = [];
      for (const [i, option] of input.options.entries()) {
        const axis = axes.find((a) => a.name.toLowerCase() === option.name.toLowerCase());
        if (axis) {
          for (const value of option.values)
            if (!axis.values.some((v) => v.toLowerCase() === value.toLowerCase())) axis.values.push(value);
        } else {
          if (names.length >= PRODUCT_LIMITS.optionNamesMax)
            throw bad(
              `options.${i}.name`,
              `${current.title} already has ${names.length} options (${names.join(', ')}): at most ${PRODUCT_LIMITS.optionNamesMax}`,
            );
          axes.push({ name: option.name, values: [...option.values] });
          names = [...names, option.name];
          newNames.push(option.name);
        }
      }
      if (names.length === 0) throw bad('options', 'Give at least one option with its values');
      // A new option: existing variants take its first value (their SKU, price and stock stay).
      if (newNames.length) {
        await this.matrix.setProductOptions(trx, current.id, { option_names: names });
        for (const v of variants) {
          const options = { ...v.options };
          for (const n of newNames) options[n] = axes.find((a) => a.name === n)!.values[0]!;
          await this.matrix.setVariantOptions(trx, v.id, options);
          v.options = options;
        }
      }
      const existing = new Set(variants.map((v) => comboKey(names, v.options)));
      const wanted = combinations(axes).filter((o) => !existing.has(comboKey(names, o)));
      if (wanted.length === 0 && newNames.length === 0)
        throw bad('options', 'Those values are already there: nothing new to add', { optionNames: names });
      if (variants.length + wanted.length > PRODUCT_LIMITS.variantsMax)
        throw bad(
          'options',
          `That makes ${variants.length + wanted.length} variants: a product has at most ${PRODUCT_LIMITS.variantsMax}`,
        );
      const fullRows = await repo.variantsOf(trx, current.id);
      const price =
        input.priceKes ?? (await this.matrix.defaultPrice(trx, current.id)) ?? fullRows[0]?.price_kes ?? null;
      if (price === null) throw bad('priceKes', 'Give the price of the new variants');
      const prefix = commonPrefix(variants.map((v) => v.sku)) ?? skuPrefix(current.title);
      const taken = await this.matrix.skusStartingWith(trx, ctx.tenantId, prefix);
      const made: string[] = [];
      let position = await repo.nextVariantPosition(trx, current.id);
      try {
        for (const options of wanted) {
          const sku = generateSku(
            prefix,
            names.map((n) => options[n]!),
            taken,
          );
          await insertVariant(trx, repo, ctx, current.id, position++, {
            sku,
            options,
            priceKes: price,
            stock: input.stock,
          });
          made.push(sku);
        }
      } catch (error) {
        translate(error);
      }
      await repo.touchProduct(trx, current.id);
      await this.kit.audit.record(trx, ctx, {
        action: 'product.options_added',
        entity: { type: 'product', id: slug },
        before: { optionNames: current.option_names, variants: variants.length },
        after: { optionNames: names, created: made, priceKes: price },
      });
      return {
        product: await reloadOwnerProduct(trx, repo, slug),
        created: made,
        store: (await this.kit.tenancy.findCurrent(trx))!.slug,
      };
    });
    await this.kit.notifier.changed(ctx, store, [slug]);
    return { product, created };
  }

  /** This photo becomes the picture of the variants of one option value (a colour), or of given SKUs, or of none. */
  async assignImage(ctx: RequestContext, slug: string, mediaId: string, input: OwnerImageAssign) {
    const { images, store } = await this.kit.tenantDb.run(ctx, async (trx) => {
      const product = await requireProduct(trx, this.kit.repository, slug, true);
      const media = await this.matrix.mediaOfProduct(trx, product.id, mediaId);
      if (!media) throw ApiError.notFound('not_found', `No photo ${mediaId} on ${product.title}`, { image: mediaId });
      const variants = await this.matrix.variantsWithMedia(trx, product.id);
      let chosen: typeof variants = [];
      if ('none' in input) await this.matrix.clearMedia(trx, product.id, mediaId);
      else if ('skus' in input) {
        const unknown = input.skus.filter((s) => !variants.some((v) => v.sku === s));
        if (unknown.length) throw bad('skus', `Not variants of ${product.title}: ${unknown.join(', ')}`);
        chosen = variants.filter((v) => input.skus.includes(v.sku));
      } else {
        const name = product.option_names.find((n) => n.toLowerCase() === input.option.toLowerCase());
        if (!name)
          throw bad(
            'option',
            `${product.title} has no option "${input.option}" (its options: ${product.option_names.join(', ') || 'none'})`,
          );
        chosen = variants.filter((v) => (v.options[name] ?? '').toLowerCase() === input.value.toLowerCase());
        if (!chosen.length) throw bad('value', `No ${name} "${input.value}" on ${product.title}`);
      }
      await this.matrix.setVariantMedia(
        trx,
        chosen.map((v) => v.id),
        mediaId,
      );
      await this.kit.audit.record(trx, ctx, {
        action: 'product.image_assigned',
        entity: { type: 'product', id: slug },
        after: { image: mediaId, skus: chosen.map((v) => v.sku) },
      });
      return {
        images: await this.imagesWithin(trx, product.id),
        store: (await this.kit.tenancy.findCurrent(trx))!.slug,
      };
    });
    await this.kit.notifier.changed(ctx, store, [slug]);
    return { images };
  }

  async images(ctx: RequestContext, slug: string) {
    return this.kit.tenantDb.run(ctx, async (trx) => {
      const product = await requireProduct(trx, this.kit.repository, slug);
      return { images: await this.imagesWithin(trx, product.id) };
    });
  }

  private async imagesWithin(trx: Parameters<OwnerMatrixRepository['imagesOf']>[0], productId: string) {
    return (await this.matrix.imagesOf(trx, productId)).map((m) => ({
      id: m.id,
      url: `/media/${m.storage_key}`,
      width: m.width,
      height: m.height,
      alt: m.alt,
      position: m.position,
      skus: m.skus,
    }));
  }
}

/** The SKUs' shared first part (before the first dash), when they all have one. */
function commonPrefix(skus: string[]): string | null {
  const firsts = new Set(skus.map((s) => s.split('-')[0]!.toUpperCase()));
  return firsts.size === 1 && skus.length > 0 ? skus[0]!.split('-')[0]! : null;
}
