import { Injectable } from '@nestjs/common';
import { CatalogWriteKit } from './catalog-write-kit';
import type { OwnerProduct, OwnerProductCreate, OwnerProductUpdate } from '@sokoni/contracts';
import { pick, slugify, translate } from './catalog-rules';
import {
  freeSlug,
  insertVariant,
  requireCategory,
  requireProduct,
  reloadOwnerProduct,
  toOwnerProduct,
} from './catalog-lookups';
import type { RequestContext } from '../../platform/request-context';

/** The owner's products: list, read, create, edit and archive (variants: OwnerVariantsService; stock: OwnerStockService). */
@Injectable()
export class OwnerCatalogService {
  constructor(private readonly kit: CatalogWriteKit) {}

  async list(ctx: RequestContext, status: 'draft' | 'active' | 'archived' | undefined, limit: number, after?: string) {
    return this.kit.tenantDb.run(ctx, async (trx) => {
      const rows = await this.kit.repository.listProducts(trx, status, limit + 1, after);
      const page = rows.slice(0, limit);
      const items = await Promise.all(page.map((row) => toOwnerProduct(trx, this.kit.repository, row)));
      return { items, nextCursor: rows.length > limit ? page[page.length - 1]!.slug : null };
    });
  }

  /** The categories a product can be put in (the owner's forms offer them as a list). */
  async categories(ctx: RequestContext): Promise<{ categories: { slug: string; name: string }[] }> {
    return { categories: await this.kit.tenantDb.run(ctx, (trx) => this.kit.repository.categories(trx)) };
  }

  async get(ctx: RequestContext, slug: string): Promise<OwnerProduct> {
    return this.kit.tenantDb.run(ctx, async (trx) =>
      toOwnerProduct(trx, this.kit.repository, await requireProduct(trx, this.kit.repository, slug)),
    );
  }

  async create(ctx: RequestContext, input: OwnerProductCreate): Promise<OwnerProduct> {
    const { product, store } = await this.kit.tenantDb.run(ctx, async (trx) => {
      const categoryId = input.categorySlug
        ? await requireCategory(trx, this.kit.repository, input.categorySlug)
        : null;
      const slug = input.slug ?? (await freeSlug(trx, this.kit.repository, slugify(input.title)));
      try {
        const productId = await this.kit.repository.insertProduct(trx, {
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
          await insertVariant(trx, this.kit.repository, ctx, productId, position, v);
      } catch (error) {
        translate(error);
      }
      const created = await reloadOwnerProduct(trx, this.kit.repository, slug);
      await this.kit.audit.record(trx, ctx, {
        action: 'product.created',
        entity: { type: 'product', id: slug },
        after: created,
      });
      return { product: created, store: (await this.kit.tenancy.findCurrent(trx))!.slug };
    });
    await this.kit.notifier.changed(ctx, store, [product.slug]);
    return product;
  }

  async update(ctx: RequestContext, slug: string, input: OwnerProductUpdate): Promise<OwnerProduct> {
    const { product, store } = await this.kit.tenantDb.run(ctx, async (trx) => {
      const current = await requireProduct(trx, this.kit.repository, slug, true);
      const before = await toOwnerProduct(trx, this.kit.repository, current);
      const categoryId =
        input.categorySlug === undefined
          ? undefined
          : input.categorySlug === null
            ? null
            : await requireCategory(trx, this.kit.repository, input.categorySlug);
      await this.kit.repository.updateProduct(trx, current.id, {
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.brand !== undefined ? { brand: input.brand } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(categoryId !== undefined ? { category_id: categoryId } : {}),
        ...(input.status !== undefined ? { status: input.status } : {}),
      });
      const after = await reloadOwnerProduct(trx, this.kit.repository, slug);
      await this.kit.audit.record(trx, ctx, {
        action: input.status === 'archived' && before.status !== 'archived' ? 'product.archived' : 'product.updated',
        entity: { type: 'product', id: slug },
        before: pick(before, input),
        after: pick(after, input),
      });
      return { product: after, store: (await this.kit.tenancy.findCurrent(trx))!.slug };
    });
    await this.kit.notifier.changed(ctx, store, [slug]);
    return product;
  }
}
