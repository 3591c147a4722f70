import { Injectable } from '@nestjs/common';
import type { TenantTransaction } from '@sokoni/db';
import { OwnerCatalogRepository } from './owner-catalog.repository';
import type { RequestContext } from '../../platform/request-context';

/**
 * Category writes for other modules, in the caller's transaction: the store creation wizard
 * adds a category's defaults and removes the untouched ones when the owner changes category.
 */
@Injectable()
export class CategoriesService {
  constructor(private readonly repository: OwnerCatalogRepository) {}

  /** Adds these categories from startPosition on; slugs the store already has are skipped. */
  async addWithin(
    trx: TenantTransaction,
    ctx: RequestContext,
    categories: { slug: string; name: string }[],
    startPosition = 0,
  ): Promise<void> {
    await this.repository.insertCategories(trx, ctx.tenantId, categories, startPosition);
  }

  async removeWithin(trx: TenantTransaction, ids: string[]): Promise<void> {
    await this.repository.deleteCategories(trx, ids);
  }
}
