import { Injectable } from '@nestjs/common';
import type { OwnerCategory, OwnerCategoryCreate, OwnerCategoryUpdate } from '@sokoni/contracts';
import type { TenantTransaction } from '@sokoni/db';
import { ApiError } from '../../platform/api-error';
import type { RequestContext } from '../../platform/request-context';
import { CatalogWriteKit } from './catalog-write-kit';
import { OwnerCategoriesRepository, type CategoryRow } from './owner-categories.repository';
import { slugify, type PgError } from './catalog-rules';

/** Where products of a deleted top-level category go (made on demand, last in the list). */
export const FALLBACK_CATEGORY = { slug: 'other', name: 'Other' } as const;

const view = (c: CategoryRow): OwnerCategory => ({
  slug: c.slug,
  name: c.name,
  parentSlug: c.parent_slug,
  position: c.position,
  productCount: c.product_count,
});

/** Top-level categories by position, each followed by its children by position. */
export function treeOrder(rows: CategoryRow[]): CategoryRow[] {
  const top = rows.filter((c) => !c.parent_id);
  const out: CategoryRow[] = [];
  for (const parent of top) out.push(parent, ...rows.filter((c) => c.parent_id === parent.id));
  return out;
}

const field = (name: string, message: string, extra: Record<string, unknown> = {}) =>
  new ApiError(400, 'validation_failed', message, { where: 'body', field: name, ...extra });

/**
 * The owner's categories: add, rename, reorder, nest one level. No product is ever left without
 * its category: deleting a subcategory moves its products to the parent, deleting a top-level
 * one moves them to "Other" (made if needed); a category with subcategories is not deleted (409
 * with their count), nor is "Other" while it holds products. Writes of a store are serialised.
 */
@Injectable()
export class OwnerCategoriesService {
  constructor(
    private readonly kit: CatalogWriteKit,
    private readonly repository: OwnerCategoriesRepository,
  ) {}

  async tree(ctx: RequestContext): Promise<{ categories: OwnerCategory[] }> {
    return this.kit.tenantDb.run(ctx, async (trx) => ({
      categories: treeOrder(await this.repository.all(trx, ctx.tenantId)).map(view),
    }));
  }

  async create(ctx: RequestContext, input: OwnerCategoryCreate): Promise<OwnerCategory> {
    return this.write(ctx, async (trx, rows) => {
      const slug = input.slug ?? freeSlug(rows, slugify(input.name));
      if (rows.some((c) => c.slug === slug)) throw slugTaken(slug);
      const parent = input.parentSlug ? requireParent(rows, input.parentSlug, null) : null;
      const siblings = rows.filter((c) => c.parent_id === (parent?.id ?? null));
      await this.repository.insert(trx, {
        tenant_id: ctx.tenantId,
        slug,
        name: input.name,
        parent_id: parent?.id ?? null,
        position: nextPosition(siblings),
      });
      await this.kit.audit.record(trx, ctx, {
        action: 'category.created',
        entity: { type: 'category', id: slug },
        after: { name: input.name, parentSlug: parent?.slug ?? null },
      });
      return slug;
    });
  }

  async update(ctx: RequestContext, slug: string, input: OwnerCategoryUpdate): Promise<OwnerCategory> {
    return this.write(ctx, async (trx, rows) => {
      const current = requireCategory(rows, slug);
      const changes: Partial<{ slug: string; name: string; parent_id: string | null; position: number }> = {};
      if (input.name !== undefined) changes.name = input.name;
      if (input.slug !== undefined && input.slug !== current.slug) {
        if (rows.some((c) => c.slug === input.slug)) throw slugTaken(input.slug);
        changes.slug = input.slug;
      }
      if (input.parentSlug !== undefined) {
        const parent = input.parentSlug === null ? null : requireParent(rows, input.parentSlug, current);
        if ((parent?.id ?? null) !== current.parent_id) {
          changes.parent_id = parent?.id ?? null;
          changes.position = nextPosition(rows.filter((c) => c.parent_id === (parent?.id ?? null)));
        }
      }
      if (Object.keys(changes).length) await this.repository.update(trx, current.id, changes);
      await this.kit.audit.record(trx, ctx, {
        action: 'category.updated',
        entity: { type: 'category', id: current.slug },
        before: { name: current.name, slug: current.slug, parentSlug: current.parent_slug },
        after: input,
      });
      return changes.slug ?? current.slug;
    });
  }

  /** One place up or down among its siblings (positions are renumbered 0..n-1). */
  async move(ctx: RequestContext, slug: string, direction: 'up' | 'down'): Promise<OwnerCategory> {
    return this.write(ctx, async (trx, rows) => {
      const current = requireCategory(rows, slug);
      const siblings = rows.filter((c) => c.parent_id === current.parent_id);
      const i = siblings.findIndex((c) => c.id === current.id);
      const j = direction === 'up' ? i - 1 : i + 1;
      if (j >= 0 && j < siblings.length) [siblings[i], siblings[j]] = [siblings[j]!, siblings[i]!];
      for (const [position, c] of siblings.entries())
        if (c.position !== position) await this.repository.update(trx, c.id, { position });
      return slug;
    });
  }

  async remove(ctx: RequestContext, slug: string) {
    let result: { deleted: string; productsMoved: number; movedTo: string | null } | undefined;
    await this.write(ctx, async (trx, rows) => {
      const current = requireCategory(rows, slug);
      const children = rows.filter((c) => c.parent_id === current.id);
      if (children.length)
        throw new ApiError(
          409,
          'conflict',
          `${current.name} has ${children.length} subcategor${children.length === 1 ? 'y' : 'ies'} (${children.map((c) => c.name).join(', ')}): move or delete them first`,
          { reason: 'has_subcategories', subcategories: children.length },
        );
      let target: { id: string; slug: string } | null = null;
      if (current.product_count > 0) {
        if (current.parent_id) target = { id: current.parent_id, slug: current.parent_slug! };
        else if (current.slug === FALLBACK_CATEGORY.slug)
          throw new ApiError(
            409,
            'conflict',
            `"${current.name}" still has ${current.product_count} product(s): move them to another category first`,
            { reason: 'has_products', products: current.product_count },
          );
        else {
          const other = rows.find((c) => c.slug === FALLBACK_CATEGORY.slug);
          target = other ?? {
            slug: FALLBACK_CATEGORY.slug,
            id: await this.repository.insert(trx, {
              tenant_id: ctx.tenantId,
              ...FALLBACK_CATEGORY,
              parent_id: null,
              position: nextPosition(rows.filter((c) => !c.parent_id)),
            }),
          };
        }
      }
      const moved = target ? await this.repository.moveProducts(trx, current.id, target.id) : 0;
      await this.repository.delete(trx, current.id);
      await this.kit.audit.record(trx, ctx, {
        action: 'category.deleted',
        entity: { type: 'category', id: current.slug },
        before: { name: current.name, parentSlug: current.parent_slug },
        after: { productsMoved: moved, movedTo: target?.slug ?? null },
      });
      result = { deleted: current.slug, productsMoved: moved, movedTo: target?.slug ?? null };
      return null;
    });
    return result!;
  }

  /** One serialised transaction over the store's categories; answers with the category written. */
  private async write(
    ctx: RequestContext,
    fn: (trx: TenantTransaction, rows: CategoryRow[]) => Promise<string | null>,
  ): Promise<OwnerCategory> {
    const { category, store } = await this.kit.tenantDb.run(ctx, async (trx) => {
      await this.repository.lock(trx, ctx.tenantId);
      let slug: string | null;
      try {
        slug = await fn(trx, await this.repository.all(trx, ctx.tenantId));
      } catch (error) {
        const { code, constraint } = error as PgError;
        if (code === '23505') throw slugTaken(undefined, constraint);
        if (code === '23514' && constraint === 'categories_one_level')
          throw field('parentSlug', 'Categories nest one level only (like Phones > Android)');
        throw error;
      }
      const rows = await this.repository.all(trx, ctx.tenantId);
      const found = slug ? rows.find((c) => c.slug === slug) : undefined;
      return { category: found ? view(found) : null, store: (await this.kit.tenancy.findCurrent(trx))!.slug };
    });
    await this.kit.notifier.changed(ctx, store, []);
    return category!;
  }
}

function requireCategory(rows: CategoryRow[], slug: string): CategoryRow {
  const found = rows.find((c) => c.slug === slug);
  if (!found) throw ApiError.notFound('not_found', `No category "${slug}" in your store`, { category: slug });
  return found;
}

/** A parent must be a top-level category other than the one moved, which must have no children. */
function requireParent(rows: CategoryRow[], parentSlug: string, moving: CategoryRow | null): CategoryRow {
  const parent = rows.find((c) => c.slug === parentSlug);
  if (!parent) throw field('parentSlug', `No category "${parentSlug}" in your store`);
  if (moving && parent.id === moving.id) throw field('parentSlug', 'A category cannot be inside itself');
  if (parent.parent_id)
    throw field(
      'parentSlug',
      `${parent.name} is itself inside ${parent.parent_slug}: categories nest one level only (like Phones > Android)`,
    );
  if (moving && rows.some((c) => c.parent_id === moving.id))
    throw field('parentSlug', `${moving.name} has subcategories of its own, so it cannot go inside another category`);
  return parent;
}

function nextPosition(siblings: CategoryRow[]): number {
  return siblings.reduce((max, c) => Math.max(max, c.position + 1), 0);
}

function freeSlug(rows: CategoryRow[], base: string): string {
  const taken = new Set(rows.map((c) => c.slug));
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

function slugTaken(slug?: string, constraint?: string): ApiError {
  return new ApiError(409, 'conflict', `The category address "${slug ?? ''}" is already used in this store`, {
    field: 'slug',
    reason: 'slug_taken',
    ...(constraint ? { constraint } : {}),
  });
}
