import { Injectable } from '@nestjs/common';
import type { HomeSection, HomeSectionView, StoreHome } from '@sokoni/contracts';
import type { TenantTransaction } from '@sokoni/db';
import { TenantDb } from '../../platform/tenant-db';
import { mediaImage, toProductCard } from '../catalog/product-card';
import { BrandingService } from './branding.service';
import { defaultSectionTitle } from './identity-defaults';
import { StoreIdentityRepository } from './store-identity.repository';
import type { RequestContext } from '../../platform/request-context';

/** The section's title, and whether it is the default one the storefront translates. */
const titleOf = (section: HomeSection) => ({ title: defaultSectionTitle(section), titleIsDefault: !section.title });

/** Products per product section: two rows of four on a desktop, a short scroll on a phone. */
const SECTION_PRODUCTS = 8;
const SECTION_AREAS = 8;

/**
 * The storefront home page: the hero and the owner's sections in the owner's order, each with
 * what it shows. A section with nothing to show (no paid orders yet, no delivery areas) is left
 * out rather than drawn empty. Read from the replica when allowed (shopper read).
 */
@Injectable()
export class StoreHomeService {
  constructor(
    private readonly tenantDb: TenantDb,
    private readonly repository: StoreIdentityRepository,
    private readonly branding: BrandingService,
  ) {}

  home(ctx: RequestContext): Promise<StoreHome> {
    return this.tenantDb.read(ctx, async (trx) => {
      const identity = await this.branding.resolveWithin(trx, ctx.tenantId);
      const sections: HomeSectionView[] = [];
      for (const section of identity.sections) {
        const view = await this.section(trx, ctx.tenantId, section);
        if (view) sections.push(view);
      }
      return {
        hero: identity.hero ? { ...identity.hero, image: identity.heroImage } : null,
        sections,
      };
    });
  }

  private async section(
    trx: TenantTransaction,
    tenantId: string,
    section: HomeSection,
  ): Promise<HomeSectionView | null> {
    const empty = { collection: null, products: [], categories: [], areas: [] };
    switch (section.type) {
      case 'featured_collection': {
        const found = (await this.repository.collections(trx, tenantId)).find((c) => c.slug === section.collection);
        if (!found) return null;
        const rows = await this.repository.collectionCards(trx, tenantId, found.id, SECTION_PRODUCTS);
        return rows.length
          ? {
              ...empty,
              type: section.type,
              title: defaultSectionTitle(section, found.title),
              titleIsDefault: false,
              collection: found.slug,
              products: rows.map(toProductCard),
            }
          : null;
      }
      case 'best_sellers':
      case 'new_arrivals': {
        const rows =
          section.type === 'best_sellers'
            ? await this.repository.bestSellers(trx, tenantId, SECTION_PRODUCTS)
            : await this.repository.newArrivals(trx, tenantId, SECTION_PRODUCTS);
        return rows.length
          ? { ...empty, type: section.type, ...titleOf(section), products: rows.map(toProductCard) }
          : null;
      }
      case 'category_grid': {
        const rows = await this.repository.categoryTiles(trx, tenantId);
        return rows.length
          ? {
              ...empty,
              type: section.type,
              ...titleOf(section),
              categories: rows.map((r) => ({
                slug: r.slug,
                name: r.name,
                productCount: r.product_count,
                image:
                  r.media_key && r.media_width && r.media_height
                    ? mediaImage(r.media_key, r.media_width, r.media_height, r.name)
                    : null,
              })),
            }
          : null;
      }
      case 'shop_by_area': {
        const rows = await this.repository.deliveryAreas(trx, tenantId, SECTION_AREAS);
        return rows.length
          ? {
              ...empty,
              type: section.type,
              ...titleOf(section),
              areas: rows.map((r) => ({
                slug: r.slug,
                name: r.name,
                feeKes: r.fee_kes,
                etaHoursMin: r.eta_hours_min,
                etaHoursMax: r.eta_hours_max,
              })),
            }
          : null;
      }
    }
  }
}
