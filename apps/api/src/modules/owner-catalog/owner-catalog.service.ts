import { Injectable } from '@nestjs/common';
import type { OwnerProduct, OwnerProductCreate, OwnerProductUpdate } from '@sokoni/contracts';
import type { TenantTransaction } from '@sokoni/db';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { AuditService } from '../audit/audit.service';
import type { OwnerPrincipal } from '../auth/owner-token.service';
import { TenancyRepository } from '../tenancy/tenancy.repository';
import { CatalogChangeNotifier } from './catalog-change.notifier';
import { OwnerCatalogRepository } from './owner-catalog.repository';
import { writePriceChange } from './price-change';

type PgError = { code?: string; constraint?: string };

/** Database refusals that are the client's doing become 4xx with a message they can act on. */
function translate(error: unknown): never {
  const { code, constraint } = error as PgError;
  if (code === '23505') throw new ApiError(409, 'conflict', constraint?.includes('sku') ? 'That SKU is already used in this store' : 'That slug is already used in this store', { constraint });
  if (code === '23514' && constraint === 'product_variants_on_hand_check') throw new ApiError(409, 'conflict', 'Not enough stock for that change: stock can never go below zero', { reason: 'insufficient_stock' });
  if (code === '23P01') throw new ApiError(409, 'conflict', 'A sale already runs for this variant in that period', { reason: 'overlapping_sale' });
  if (code === '23514') throw new ApiError(400, 'validation_failed', 'A value is out of range', { constraint });
  throw error;
}

function slugify(title: string): string {
  return title.toLowerCase().normalize('NFKD').replace(/[^\w\s-]/g, '').replace(/[\s_]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '').slice(0, 100) || 'product';
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

  async list(principal: OwnerPrincipal, status: 'draft' | 'active' | 'archived' | undefined, limit: number, after?: string) {
    return this.tenantDb.run(principal.tenantId, async (trx) => {
      const rows = await this.repository.listProducts(trx, status, limit + 1, after);
      const page = rows.slice(0, limit);
      const items = await Promise.all(page.map((row) => this.toOwnerProduct(trx, row)));
      return { items, nextCursor: rows.length > limit ? page[page.length - 1]!.slug : null };
    });
  }

  /** The categories a product can be put in (the owner's forms offer them as a list). */
  async categories(principal: OwnerPrincipal): Promise<{ categories: { slug: string; name: string }[] }> {
    return { categories: await this.tenantDb.run(principal.tenantId, (trx) => this.repository.categories(trx)) };
  }

  async get(principal: OwnerPrincipal, slug: string): Promise<OwnerProduct> {
    return this.tenantDb.run(principal.tenantId, async (trx) => this.toOwnerProduct(trx, await this.requireProduct(trx, slug)));
  }

  async create(principal: OwnerPrincipal, input: OwnerProductCreate): Promise<OwnerProduct> {
    const { product, store } = await this.tenantDb.run(principal.tenantId, async (trx) => {
      const categoryId = input.categorySlug ? await this.requireCategory(trx, input.categorySlug) : null;
      const slug = input.slug ?? await this.freeSlug(trx, slugify(input.title));
      try {
        const productId = await this.repository.insertProduct(trx, {
          tenant_id: principal.tenantId, slug, title: input.title, brand: input.brand ?? null, description: input.description,
          category_id: categoryId, status: input.status, option_names: input.optionNames,
        });
        for (const [position, v] of input.variants.entries()) {
          const variantId = await this.repository.insertVariant(trx, {
            tenant_id: principal.tenantId, product_id: productId, sku: v.sku, options: v.options,
            price_kes: v.priceKes, compare_at_kes: v.compareAtKes ?? null, position,
          });
          if (v.stock > 0) await this.repository.insertMovement(trx, { tenant_id: principal.tenantId, variant_id: variantId, kind: 'restock', quantity: v.stock, reason: 'opening stock' });
        }
      } catch (error) {
        translate(error);
      }
      const created = await this.toOwnerProduct(trx, (await this.repository.productBySlug(trx, slug))!);
      await this.audit.record(trx, principal.tenantId, {
        actor: { type: 'user', id: principal.userId }, action: 'product.created', entity: { type: 'product', id: slug }, after: created,
      });
      return { product: created, store: (await this.tenancy.findCurrent(trx))!.slug };
    });
    await this.notifier.changed(principal.tenantId, store, [product.slug]);
    return product;
  }

  async update(principal: OwnerPrincipal, slug: string, input: OwnerProductUpdate): Promise<OwnerProduct> {
    const { product, store } = await this.tenantDb.run(principal.tenantId, async (trx) => {
      const current = await this.requireProduct(trx, slug, true);
      const before = await this.toOwnerProduct(trx, current);
      const categoryId = input.categorySlug === undefined ? undefined : input.categorySlug === null ? null : await this.requireCategory(trx, input.categorySlug);
      await this.repository.updateProduct(trx, current.id, {
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.brand !== undefined ? { brand: input.brand } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(categoryId !== undefined ? { category_id: categoryId } : {}),
        ...(input.status !== undefined ? { status: input.status } : {}),
      });
      const after = await this.toOwnerProduct(trx, (await this.repository.productBySlug(trx, slug))!);
      await this.audit.record(trx, principal.tenantId, {
        actor: { type: 'user', id: principal.userId },
        action: input.status === 'archived' && before.status !== 'archived' ? 'product.archived' : 'product.updated',
        entity: { type: 'product', id: slug }, before: pick(before, input), after: pick(after, input),
      });
      return { product: after, store: (await this.tenancy.findCurrent(trx))!.slug };
    });
    await this.notifier.changed(principal.tenantId, store, [slug]);
    return product;
  }

  /** Price edits always leave an audit row with the before and after. */
  async changePrice(principal: OwnerPrincipal, sku: string, priceKes: number, compareAtKes: number | null | undefined) {
    const { result, store } = await this.tenantDb.run(principal.tenantId, async (trx) => {
      const variant = await this.requireVariant(trx, sku);
      const after = { priceKes, compareAtKes: compareAtKes === undefined ? variant.compare_at_kes : compareAtKes };
      if (after.compareAtKes !== null && after.compareAtKes <= after.priceKes) {
        throw new ApiError(400, 'validation_failed', 'compareAtKes must be above priceKes', { where: 'body', field: 'compareAtKes' });
      }
      try {
        await writePriceChange(trx, this.repository, this.audit, principal, variant, after);
      } catch (error) {
        translate(error);
      }
      return { result: { sku, productSlug: variant.product_slug, ...after }, store: (await this.tenancy.findCurrent(trx))!.slug };
    });
    await this.notifier.changed(principal.tenantId, store, [result.productSlug]);
    return result;
  }

  async moveStock(principal: OwnerPrincipal, sku: string, kind: 'restock' | 'adjustment' | 'return', quantity: number, reason?: string) {
    const { result, store } = await this.tenantDb.run(principal.tenantId, async (trx) => {
      const variant = await this.requireVariant(trx, sku);
      try {
        await this.repository.insertMovement(trx, { tenant_id: principal.tenantId, variant_id: variant.id, kind, quantity, reason: reason ?? null });
      } catch (error) {
        translate(error);
      }
      const onHand = await this.repository.onHand(trx, variant.id);
      if (kind === 'adjustment') {
        await this.audit.record(trx, principal.tenantId, {
          actor: { type: 'user', id: principal.userId }, action: 'inventory.adjusted', entity: { type: 'variant', id: sku },
          before: { onHand: variant.on_hand }, after: { onHand, reason: reason ?? null },
        });
      }
      return { result: { sku, productSlug: variant.product_slug, onHand }, store: (await this.tenancy.findCurrent(trx))!.slug };
    });
    await this.notifier.changed(principal.tenantId, store, [result.productSlug]);
    return { sku: result.sku, onHand: result.onHand };
  }

  async scheduleSale(principal: OwnerPrincipal, sku: string, rule: { salePriceKes: number; startsAt: Date; endsAt: Date; reason?: string }) {
    const { result, store } = await this.tenantDb.run(principal.tenantId, async (trx) => {
      const variant = await this.requireVariant(trx, sku);
      if (rule.salePriceKes >= variant.price_kes) {
        throw new ApiError(400, 'validation_failed', `A sale price must be below the regular price (KES ${variant.price_kes})`, { where: 'body', field: 'salePriceKes' });
      }
      let id: string;
      try {
        id = await this.repository.insertPriceRule(trx, {
          tenant_id: principal.tenantId, variant_id: variant.id, sale_price_kes: rule.salePriceKes,
          starts_at: rule.startsAt, ends_at: rule.endsAt, reason: rule.reason ?? null,
        });
      } catch (error) {
        translate(error);
      }
      const after = { salePriceKes: rule.salePriceKes, startsAt: rule.startsAt.toISOString(), endsAt: rule.endsAt.toISOString() };
      await this.audit.record(trx, principal.tenantId, {
        actor: { type: 'user', id: principal.userId }, action: 'product.sale_scheduled', entity: { type: 'variant', id: sku },
        before: { priceKes: variant.price_kes }, after,
      });
      return { result: { id, sku, productSlug: variant.product_slug, ...after }, store: (await this.tenancy.findCurrent(trx))!.slug };
    });
    await this.notifier.changed(principal.tenantId, store, [result.productSlug]);
    return { id: result.id, sku: result.sku, salePriceKes: result.salePriceKes, startsAt: result.startsAt, endsAt: result.endsAt };
  }

  private async toOwnerProduct(trx: TenantTransaction, row: NonNullable<Awaited<ReturnType<OwnerCatalogRepository['productBySlug']>>>): Promise<OwnerProduct> {
    const variants = await this.repository.variantsOf(trx, row.id);
    return {
      slug: row.slug, title: row.title, brand: row.brand, description: row.description, categorySlug: row.category_slug,
      status: row.status, optionNames: row.option_names, updatedAt: new Date(row.updated_at).toISOString(),
      variants: variants.map((v) => ({
        sku: v.sku, options: v.options, priceKes: v.price_kes, compareAtKes: v.compare_at_kes,
        currentPriceKes: v.current_price_kes, onHand: v.on_hand, status: v.status,
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
    if (!id) throw new ApiError(400, 'validation_failed', `No category "${slug}" in your store`, { where: 'body', field: 'categorySlug' });
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
