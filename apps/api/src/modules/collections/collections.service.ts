import { Injectable } from '@nestjs/common';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { toProductCard } from '../catalog/product-card';
import { CollectionsRepository } from './collections.repository';
import type { RequestContext } from '../../platform/request-context';

/** The store's curated collections as shoppers see them (REST and GraphQL answer the same). */
@Injectable()
export class CollectionsService {
  constructor(
    private readonly repository: CollectionsRepository,
    private readonly tenantDb: TenantDb,
  ) {}

  /** Collections with at least one product to show. */
  async list(ctx: RequestContext) {
    const rows = await this.tenantDb.read(ctx, (trx) => this.repository.list(trx));
    return {
      collections: rows
        .filter((r) => r.product_count > 0)
        .map((r) => ({ slug: r.slug, title: r.title, description: r.description, productCount: r.product_count })),
    };
  }

  async get(ctx: RequestContext, slug: string) {
    return this.tenantDb.read(ctx, async (trx) => {
      const found = await this.repository.bySlug(trx, slug);
      if (!found) throw ApiError.notFound('not_found', `No collection "${slug}" in this store`);
      const cards = await this.repository.cards(trx, found.id);
      return {
        collection: {
          slug: found.slug,
          title: found.title,
          description: found.description,
          productCount: cards.length,
        },
        items: cards.map(toProductCard),
      };
    });
  }
}
