import { Injectable } from '@nestjs/common';
import {
  PRODUCT_LIMITS,
  type OwnerProduct,
  type OwnerProductCreate,
  type OwnerProductUpdate,
  type OwnerVariantAdd,
} from '@sokoni/contracts';
import type { TenantTransaction } from '@sokoni/db';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { AuditService } from '../audit/audit.service';
import { TenancyRepository } from '../tenancy/tenancy.repository';
import { CatalogChangeNotifier } from './catalog-change.notifier';
import { OwnerCatalogRepository } from './owner-catalog.repository';
import { writePriceChange } from './price-change';
import type { RequestContext } from '../../platform/request-context';

type PgError = { code?: string; constraint?: string };

/** Database refusals that are the client's doing become 4xx with a message they can act on. */
function translate(error: unknown): never {
  const { code, constraint } = error as PgError;
  if (code === '23505')
    throw new ApiError(
      409,
      'conflict',
      constraint?.includes('sku')
        ? 'That SKU is already used in this store'
        : 'That slug is already used in this store',
      { constraint },
    );
  if (code === '23514' && constraint === 'product_variants_on_hand_check')
    throw new ApiError(409, 'conflict', 'Not enough stock for that change: stock can never go below zero', {
      reason: 'insufficient_stock',
    });
  if (code === '23P01')
    throw new ApiError(409, 'conflict', 'A sale already runs for this variant in that period', {
      reason: 'overlapping_sale',
    });
  if (code === '23514') throw new ApiError(400, 'validation_failed', 'A value is out of range', { constraint });
  throw error;
}

/** The most variants one product has (the create endpoint's own limit). */
const MAX_VARIANTS = PRODUCT_LIMITS.variantsMax;

function skuTaken(sku: string, productSlug?: string, constraint?: string): ApiError {
  return new ApiError(
    409,
    'conflict',
    `SKU ${sku} is already used in this store${productSlug ? ` (product ${productSlug})` : ''}: give another SKU`,
    {
      field: 'sku',
      reason: 'sku_taken',
      ...(productSlug ? { product: productSlug } : {}),
      ...(constraint ? { constraint } : {}),
    },
  );
}

function slugify(title: string): string {
  return (
    title
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^\w\s-]/g, '')
      .replace(/[\s_]+/g, '-')
      .replace(/-+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 100) || 'product'
  );
}

@Injectable()
export class OwnerCatalogService {
  constructor(
    private readonly repository: OwnerCatalogRepository,
    private readonly tenancy: TenancyRepository,
    private readonly tenantDb: TenantDb,
    private readonly audit: AuditService,
    private readonly notifier: CatalogChangeNotifier,
  ) {}

  async list(ctx: RequestContext, status: 'draft' | 'active' | 'archived' | undefined, limit: number, after?: string) {
    return this.tenantDb.run(ctx, async (trx) => {
      const rows = await this.repository.listProducts(trx, status, limit + 1, after);
      const page = rows.slice(0, limit);
      const items = await Promise.all(page.map((row) => this.toOwnerProduct(trx, row)));
      return { items, nextCursor: rows.length > limit ? page[page.length - 1]!.slug : null };
    });
  }

  /** The categories a product can be put in (the owner's forms offer them as a list). */
  async categories(ctx: RequestContext): Promise<{ categories: { slug: string; name: string }[] }> {
    return { categories: await this.tenantDb.run(ctx, (trx) => this.repository.categories(trx)) };
  }

  async get(ctx: RequestContext, slug: string): Promise<OwnerProduct> {
    return this.tenantDb.run(ctx, async (trx) => this.toOwnerProduct(trx, await this.requireProduct(trx, slug)));
  }

  async create(ctx: RequestContext, input: OwnerProductCreate): Promise<OwnerProduct> {
    const { product, store } = await this.tenantDb.run(ctx, async (trx) => {
      const categoryId = input.categorySlug ? await this.requireCategory(trx, input.categorySlug) : null;
      const slug = input.slug ?? (await this.freeSlug(trx, slugify(input.title)));
      try {
        const productId = await this.repository.insertProduct(trx, {
          tenant_id: ctx.tenantId,
          slug,
          title: input.title,
          brand: input.brand ?? null,
          description: input.description,
          category_id: categoryId,
          status: input.status,
          option_names: input.optionNames,
        });
        for (const [position, v] of input.variants.entries())
          await this.insertVariant(trx, ctx, productId, position, v);
      } catch (error) {
        translate(error);
      }
      const created = await this.toOwnerProduct(trx, (await this.repository.productBySlug(trx, slug))!);
      await this.audit.record(trx, ctx, {
        actor: { type: 'user', id: ctx.owner.userId },
        action: 'product.created',
        entity: { type: 'product', id: slug },
        after: created,
      });
      return { product: created, store: (await this.tenancy.findCurrent(trx))!.slug };
    });
    await this.notifier.changed(ctx, store, [product.slug]);
    return product;
  }

  /**
   * One more variant of an existing product (a new colour or size from the supplier): its options
   * name exactly the product's option names and are a new combination (compared without case),
   * its SKU is free in the store, its opening stock is a restock movement (as on creation). One
   * transaction with the product row locked, so two additions of the same combination queue and
   * the second is refused; the audit row commits with the variant.
   */
  async addVariant(ctx: RequestContext, slug: string, input: OwnerVariantAdd): Promise<OwnerProduct> {
    const { product, store } = await this.tenantDb.run(ctx, async (trx) => {
      const current = await this.requireProduct(trx, slug, true);
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
      const existing = await this.repository.variantsOf(trx, current.id);
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
      const taken = await this.repository.skuOwner(trx, input.sku);
      if (taken) throw skuTaken(input.sku, taken.product_slug);
      try {
        await this.insertVariant(trx, ctx, current.id, await this.repository.nextVariantPosition(trx, current.id), {
          ...input,
          options,
        });
        await this.repository.touchProduct(trx, current.id);
      } catch (error) {
        // Another request took the SKU between the check and the insert.
        const { code, constraint } = error as PgError;
        if (code === '23505' && constraint?.includes('sku')) throw skuTaken(input.sku, undefined, constraint);
        translate(error);
      }
      const after = await this.toOwnerProduct(trx, (await this.repository.productBySlug(trx, slug))!);
      await this.audit.record(trx, ctx, {
        actor: { type: 'user', id: ctx.owner.userId },
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
      return { product: after, store: (await this.tenancy.findCurrent(trx))!.slug };
    });
    await this.notifier.changed(ctx, store, [slug]);
    return product;
  }

  async update(ctx: RequestContext, slug: string, input: OwnerProductUpdate): Promise<OwnerProduct> {
    const { product, store } = await this.tenantDb.run(ctx, async (trx) => {
      const current = await this.requireProduct(trx, slug, true);
      const before = await this.toOwnerProduct(trx, current);
      const categoryId =
        input.categorySlug === undefined
          ? undefined
          : input.categorySlug === null
            ? null
            : await this.requireCategory(trx, input.categorySlug);
      await this.repository.updateProduct(trx, current.id, {
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.brand !== undefined ? { brand: input.brand } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(categoryId !== undefined ? { category_id: categoryId } : {}),
        ...(input.status !== undefined ? { status: input.status } : {}),
      });
      const after = await this.toOwnerProduct(trx, (await this.repository.productBySlug(trx, slug))!);
      await this.audit.record(trx, ctx, {
        actor: { type: 'user', id: ctx.owner.userId },
        action: input.status === 'archived' && before.status !== 'archived' ? 'product.archived' : 'product.updated',
        entity: { type: 'product', id: slug },
        before: pick(before, input),
        after: pick(after, input),
      });
      return { product: after, store: (await this.tenancy.findCurrent(trx))!.slug };
    });
    await this.notifier.changed(ctx, store, [slug]);
    return product;
  }

  /** Price edits always leave an audit row with the before and after. */
  async changePrice(ctx: RequestContext, sku: string, priceKes: number, compareAtKes: number | null | undefined) {
    const { result, store } = await this.tenantDb.run(ctx, async (trx) => {
      const variant = await this.requireVariant(trx, sku);
      const after = { priceKes, compareAtKes: compareAtKes === undefined ? variant.compare_at_kes : compareAtKes };
      if (after.compareAtKes !== null && after.compareAtKes <= after.priceKes) {
        throw new ApiError(400, 'validation_failed', 'compareAtKes must be above priceKes', {
          where: 'body',
          field: 'compareAtKes',
        });
      }
      try {
        await writePriceChange(trx, this.repository, this.audit, ctx, variant, after);
      } catch (error) {
        translate(error);
      }
      return {
        result: { sku, productSlug: variant.product_slug, ...after },
        store: (await this.tenancy.findCurrent(trx))!.slug,
      };
    });
    await this.notifier.changed(ctx, store, [result.productSlug]);
    return result;
  }

  async moveStock(
    ctx: RequestContext,
    sku: string,
    kind: 'restock' | 'adjustment' | 'return',
    quantity: number,
    reason?: string,
  ) {
    const { result, store } = await this.tenantDb.run(ctx, async (trx) => {
      const variant = await this.requireVariant(trx, sku);
      try {
        await this.repository.insertMovement(trx, {
          tenant_id: ctx.tenantId,
          variant_id: variant.id,
          kind,
          quantity,
          reason: reason ?? null,
        });
      } catch (error) {
        translate(error);
      }
      const onHand = await this.repository.onHand(trx, variant.id);
      if (kind === 'adjustment') {
        await this.audit.record(trx, ctx, {
          actor: { type: 'user', id: ctx.owner.userId },
          action: 'inventory.adjusted',
          entity: { type: 'variant', id: sku },
          before: { onHand: variant.on_hand },
          after: { onHand, reason: reason ?? null },
        });
      }
      return {
        result: { sku, productSlug: variant.product_slug, onHand },
        store: (await this.tenancy.findCurrent(trx))!.slug,
      };
    });
    await this.notifier.changed(ctx, store, [result.productSlug]);
    return { sku: result.sku, onHand: result.onHand };
  }

  async scheduleSale(
    ctx: RequestContext,
    sku: string,
    rule: { salePriceKes: number; startsAt: Date; endsAt: Date; reason?: string },
  ) {
    const { result, store } = await this.tenantDb.run(ctx, async (trx) => {
      const variant = await this.requireVariant(trx, sku);
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
        id = await this.repository.insertPriceRule(trx, {
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
      await this.audit.record(trx, ctx, {
        actor: { type: 'user', id: ctx.owner.userId },
        action: 'product.sale_scheduled',
        entity: { type: 'variant', id: sku },
        before: { priceKes: variant.price_kes },
        after,
      });
      return {
        result: { id, sku, productSlug: variant.product_slug, ...after },
        store: (await this.tenancy.findCurrent(trx))!.slug,
      };
    });
    await this.notifier.changed(ctx, store, [result.productSlug]);
    return {
      id: result.id,
      sku: result.sku,
      salePriceKes: result.salePriceKes,
      startsAt: result.startsAt,
      endsAt: result.endsAt,
    };
  }

  /** A variant and its opening stock (a restock movement): product creation and "add a variant" alike. */
  private async insertVariant(
    trx: TenantTransaction,
    ctx: RequestContext,
    productId: string,
    position: number,
    v: { sku: string; options: Record<string, string>; priceKes: number; compareAtKes?: number | null; stock: number },
  ): Promise<void> {
    const variantId = await this.repository.insertVariant(trx, {
      tenant_id: ctx.tenantId,
      product_id: productId,
      sku: v.sku,
      options: v.options,
      price_kes: v.priceKes,
      compare_at_kes: v.compareAtKes ?? null,
      position,
    });
    if (v.stock > 0)
      await this.repository.insertMovement(trx, {
        tenant_id: ctx.tenantId,
        variant_id: variantId,
        kind: 'restock',
        quantity: v.stock,
        reason: 'opening stock',
      });
  }

  private async toOwnerProduct(
    trx: TenantTransaction,
    row: NonNullable<Awaited<ReturnType<OwnerCatalogRepository['productBySlug']>>>,
  ): Promise<OwnerProduct> {
    const variants = await this.repository.variantsOf(trx, row.id);
    return {
      slug: row.slug,
      title: row.title,
      brand: row.brand,
      description: row.description,
      categorySlug: row.category_slug,
      status: row.status,
      optionNames: row.option_names,
      updatedAt: new Date(row.updated_at).toISOString(),
      variants: variants.map((v) => ({
        sku: v.sku,
        options: v.options,
        priceKes: v.price_kes,
        compareAtKes: v.compare_at_kes,
        currentPriceKes: v.current_price_kes,
        onHand: v.on_hand,
        status: v.status,
      })),
    };
  }

  private async requireProduct(trx: TenantTransaction, slug: string, forUpdate = false) {
    const product = await this.repository.productBySlug(trx, slug, forUpdate);
    if (!product) throw ApiError.notFound('not_found', `No product "${slug}" in your store`, { product: slug });
    return product;
  }

  private async requireVariant(trx: TenantTransaction, sku: string) {
    const variant = await this.repository.variantBySkuForUpdate(trx, sku);
    if (!variant) throw ApiError.notFound('not_found', `No variant with SKU "${sku}" in your store`, { sku });
    return variant;
  }

  private async requireCategory(trx: TenantTransaction, slug: string): Promise<string> {
    const id = await this.repository.categoryId(trx, slug);
    if (!id)
      throw new ApiError(400, 'validation_failed', `No category "${slug}" in your store`, {
        where: 'body',
        field: 'categorySlug',
      });
    return id;
  }

  private async freeSlug(trx: TenantTransaction, base: string): Promise<string> {
    for (let n = 1; n < 100; n++) {
      const candidate = n === 1 ? base : `${base}-${n}`;
      if (!(await this.repository.slugTaken(trx, candidate))) return candidate;
    }
    throw new ApiError(409, 'conflict', 'Could not find a free slug for this title; give one explicitly');
  }
}

/** The audited fields are the ones the request touched. */
function pick(product: OwnerProduct, input: OwnerProductUpdate): Record<string, unknown> {
  return Object.fromEntries(Object.keys(input).map((k) => [k, (product as unknown as Record<string, unknown>)[k]]));
}
