import { Body, Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ownerCollectionSchema, productSlugSchema, storeSlugSchema } from '@sokoni/contracts';
import { z } from 'zod';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { parseInput } from '../../platform/validation';
import { AuditService } from '../audit/audit.service';
import { Ctx, OwnerPut } from '../auth/auth.decorators';
import { OwnerAuthGuard } from '../auth/owner-auth.guard';
import { StoreSlug } from '../tenancy/store-slug.decorator';
import { TenancyService } from '../tenancy/tenancy.service';
import { CollectionsRepository } from './collections.repository';
import { CollectionsService } from './collections.service';
import type { RequestContext } from '../../platform/request-context';
import { ApiDoc } from '../../openapi/api-doc.decorator';

const collectionParams = z.object({ store: storeSlugSchema, collection: productSlugSchema });
const ownerCollectionParams = z.object({ collection: productSlugSchema });

/** Shopper side: the store's curated collections. */
@Controller('v1/stores/:store/collections')
export class CollectionsController {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly collections: CollectionsService,
  ) {}

  @Get()
  async list(@Ctx() ctx: RequestContext, @StoreSlug() store: string) {
    return this.collections.list(await this.tenancy.scope(ctx, store));
  }

  @Get(':collection')
  @ApiDoc({ params: collectionParams })
  async get(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { store, collection } = parseInput(collectionParams, params, 'params');
    return this.collections.get(await this.tenancy.scope(ctx, store), collection);
  }
}

/** Owner side: create or replace a collection (its products in display order). */
@Controller('v1/owner/catalog/collections')
@UseGuards(OwnerAuthGuard)
export class OwnerCollectionsController {
  constructor(
    private readonly repository: CollectionsRepository,
    private readonly tenantDb: TenantDb,
    private readonly audit: AuditService,
  ) {}

  @OwnerPut(':collection', 'catalog.write')
  @ApiDoc({ params: ownerCollectionParams, body: ownerCollectionSchema })
  async put(@Ctx() ctx: RequestContext, @Param() params: unknown, @Body() body: unknown) {
    const { collection } = parseInput(ownerCollectionParams, params, 'params');
    const input = parseInput(ownerCollectionSchema, body, 'body');
    return this.tenantDb.run(ctx, async (trx) => {
      const ids = await this.repository.productIds(trx, input.productSlugs);
      const missing = input.productSlugs.filter((s) => !ids.has(s));
      if (missing.length)
        throw new ApiError(400, 'validation_failed', `Unknown products: ${missing.join(', ')}`, {
          where: 'body',
          field: 'productSlugs',
          missing,
        });
      const id = await this.repository.upsert(trx, ctx.tenantId, collection, {
        title: input.title,
        description: input.description,
        position: input.position,
      });
      await this.repository.replaceProducts(
        trx,
        ctx.tenantId,
        id,
        [...new Set(input.productSlugs)].map((s) => ids.get(s)!),
      );
      await this.audit.record(trx, ctx, {
        action: 'collection.saved',
        entity: { type: 'collection', id: collection },
        after: input,
      });
      return {
        collection: { slug: collection, title: input.title, description: input.description, productCount: ids.size },
      };
    });
  }
}
