import { Inject, Injectable } from '@nestjs/common';
import { ownerProductCreateSchema } from '@sokoni/contracts';
import type { Logger } from 'pino';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { LOGGER } from '../../platform/tokens';
import { AuditService } from '../audit/audit.service';
import { CategoriesService } from '../owner-catalog/categories.service';
import { OwnerCatalogService } from '../owner-catalog/owner-catalog.service';
import { OnboardingRepository } from './onboarding.repository';
import { OnboardingService } from './onboarding.service';
import { StarterPictures } from './starter-pictures';
import { starterProducts, verticalDefaults, type Vertical } from './verticals';
import type { RequestContext } from '../../platform/request-context';

/** The wizard's products step: a starter shelf of the store's category, one click. */
@Injectable()
export class StarterProductsService {
  constructor(
    private readonly repository: OnboardingRepository,
    private readonly wizard: OnboardingService,
    private readonly catalog: OwnerCatalogService,
    private readonly categories: CategoriesService,
    private readonly pictures: StarterPictures,
    private readonly audit: AuditService,
    private readonly tenantDb: TenantDb,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * A starter shelf: 8 realistic products of the category (KES prices, stock, a drawn picture
   * each) through the owner catalog service, so they are audited and searchable like any
   * other product. Products already there (same slug) are left alone; a second call adds none.
   */
  async addStarterProducts(ctx: RequestContext, requested: Vertical | undefined) {
    const { vertical, existing } = await this.tenantDb.run(ctx, async (trx) => {
      const store = await this.wizard.requireStoreWithin(trx, false);
      const v = requested ?? store.vertical;
      const starters = starterProducts(v);
      // Their categories, even when the store sells something else too (the owner asked).
      const used = new Set(starters.map((s) => s.input.categorySlug));
      const current = await this.repository.categories(trx);
      const missing = verticalDefaults(v).categories.filter(
        (c) => used.has(c.slug) && !current.some((k) => k.slug === c.slug),
      );
      await this.categories.addWithin(trx, ctx, missing, Math.max(-1, ...current.map((c) => c.position)) + 1);
      return {
        vertical: v,
        existing: await this.repository.productSlugs(
          trx,
          starters.map((s) => s.input.slug!),
        ),
      };
    });
    const added: { slug: string; title: string; variants: number; image: boolean }[] = [];
    const skipped: { slug: string; reason: string }[] = [];
    for (const starter of starterProducts(vertical)) {
      const slug = starter.input.slug!;
      if (existing.has(slug)) {
        skipped.push({ slug, reason: 'already in your store' });
        continue;
      }
      try {
        const product = await this.catalog.create(ctx, ownerProductCreateSchema.parse(starter.input));
        added.push({ slug: product.slug, title: product.title, variants: starter.input.variants.length, image: false });
      } catch (error) {
        if (!(error instanceof ApiError) || error.status >= 500) throw error;
        skipped.push({ slug, reason: error.message });
      }
    }
    // Pictures after the products: a failed drawing costs the picture, never the product.
    await Promise.all(
      added.map(async (a) => {
        const starter = starterProducts(vertical).find((s) => s.input.slug === a.slug)!;
        try {
          a.image = await this.pictures.add(ctx, a.slug, a.title, starter.image);
        } catch (error) {
          this.logger.warn(
            { err: error, tenant_id: ctx.tenantId, product: a.slug },
            'starter product picture failed; product kept without one',
          );
        }
      }),
    );
    return this.tenantDb.run(ctx, async (trx) => {
      await this.audit.record(trx, ctx, {
        action: 'onboarding.starter_products_added',
        entity: { type: 'onboarding', id: ctx.tenantId },
        after: { step: 'products', vertical, added: added.map((a) => a.slug), skipped: skipped.map((s) => s.slug) },
      });
      return { vertical, added, skipped, onboarding: await this.wizard.viewWithin(trx, ctx) };
    });
  }
}
