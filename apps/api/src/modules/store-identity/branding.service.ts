import { Inject, Injectable } from '@nestjs/common';
import {
  homeSectionsSchema,
  type BrandingInput,
  type BrandingView,
  type BusinessDetails,
  type BusinessDetailsInput,
  type HomeSection,
  type StoreBrand,
  type Vertical,
} from '@sokoni/contracts';
import type { TenantTransaction } from '@sokoni/db';
import type { Queue } from 'bullmq';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { QUEUES } from '../../platform/tokens';
import { enqueue, type QueueName } from '../../queues/queues';
import { AuditService } from '../audit/audit.service';
import { mediaImage } from '../catalog/product-card';
import { TenancyService } from '../tenancy/tenancy.service';
import { identityDefaults } from './identity-defaults';
import { StoreIdentityRepository, type BrandingFields, type IdentityRow } from './store-identity.repository';
import type { RequestContext } from '../../platform/request-context';

/** The identity as stored, or the vertical's defaults when the store has saved nothing yet. */
export interface ResolvedIdentity {
  saved: boolean;
  store: { slug: string; name: string; vertical: Vertical; kraPin: string | null };
  row: IdentityRow | null;
  brandColor: string;
  sections: HomeSection[];
  hero: {
    headline: string;
    text: string | null;
    link: string | null;
    linkLabel: string | null;
    /** The vertical whose default this is (nothing saved yet). */
    defaultOf?: Vertical;
  } | null;
  announcement: { text: string; link: string | null } | null;
  logo: BrandingView['logo'];
  heroImage: BrandingView['logo'];
  business: BusinessDetails;
}

/** Branding fields a first save of something else starts from: the vertical's look. */
export function defaultFields(vertical: Vertical): BrandingFields {
  const d = identityDefaults(vertical);
  return {
    brand_color: d.brandColor,
    hero_headline: d.hero.headline,
    hero_text: d.hero.text,
    hero_link: null,
    hero_link_label: null,
    announcement: null,
    announcement_link: null,
    sections: d.sections,
  };
}

/**
 * The owner's branding and business details (settings.write: staff cannot change them), and the
 * brand every storefront page draws. Saves are audited and revalidate the store's cached pages.
 */
@Injectable()
export class BrandingService {
  constructor(
    private readonly tenantDb: TenantDb,
    private readonly repository: StoreIdentityRepository,
    private readonly audit: AuditService,
    private readonly tenancy: TenancyService,
    @Inject(QUEUES) private readonly queues: Map<QueueName, Queue>,
  ) {}

  async ownerView(ctx: RequestContext): Promise<BrandingView> {
    return this.tenantDb.run(ctx, async (trx) => {
      const identity = await this.resolveWithin(trx, ctx.tenantId);
      const collections = await this.repository.collections(trx, ctx.tenantId);
      return this.toView(identity, collections);
    });
  }

  /** What every storefront page draws (store header, announcement bar, footer). */
  async storeBrand(ctx: RequestContext): Promise<StoreBrand> {
    const identity = await this.tenantDb.read(ctx, (trx) => this.resolveWithin(trx, ctx.tenantId));
    return {
      color: identity.brandColor,
      logo: identity.logo,
      announcement: identity.announcement,
      business: identity.business,
    };
  }

  async saveBranding(ctx: RequestContext, input: BrandingInput): Promise<BrandingView> {
    const { view, slug } = await this.tenantDb.run(ctx, async (trx) => {
      const before = await this.resolveWithin(trx, ctx.tenantId);
      const collections = await this.repository.collections(trx, ctx.tenantId);
      const known = new Set(collections.map((c) => c.slug));
      const issues = input.sections.flatMap((s, i) =>
        s.type === 'featured_collection' && !known.has(s.collection)
          ? [{ path: `sections.${i}.collection`, message: `no collection "${s.collection}" in your store` }]
          : [],
      );
      if (issues.length)
        throw new ApiError(400, 'validation_failed', 'Invalid request body', { where: 'body', issues });
      const fields: BrandingFields = {
        brand_color: input.brandColor,
        hero_headline: input.hero?.headline ?? null,
        hero_text: input.hero?.text || null,
        hero_link: input.hero?.link || null,
        hero_link_label: input.hero?.link ? input.hero.linkLabel || 'Shop now' : null,
        announcement: input.announcement?.text ?? null,
        announcement_link: input.announcement?.link || null,
        sections: input.sections,
      };
      await this.repository.upsertBranding(trx, ctx.tenantId, fields);
      const after = await this.resolveWithin(trx, ctx.tenantId);
      await this.audit.record(trx, ctx, {
        action: 'store.branding_changed',
        entity: { type: 'store', id: before.store.slug },
        before: this.auditShape(before),
        after: this.auditShape(after),
      });
      return { view: this.toView(after, collections), slug: after.store.slug };
    });
    await this.revalidate(ctx, slug);
    return view;
  }

  async saveBusiness(ctx: RequestContext, input: BusinessDetailsInput): Promise<BrandingView> {
    const { view, slug } = await this.tenantDb.run(ctx, async (trx) => {
      const before = await this.resolveWithin(trx, ctx.tenantId);
      await this.repository.upsertBusiness(
        trx,
        ctx.tenantId,
        { legal_name: input.legalName, physical_address: input.physicalAddress, opening_hours: input.openingHours },
        defaultFields(before.store.vertical),
      );
      // The KRA PIN lives on the store's row, where the invoice has always read it.
      await this.tenancy.updateStoreWithin(trx, { kra_pin: input.kraPin });
      const after = await this.resolveWithin(trx, ctx.tenantId);
      await this.audit.record(trx, ctx, {
        action: 'store.business_details_changed',
        entity: { type: 'store', id: before.store.slug },
        before: before.business,
        after: after.business,
      });
      return { view: this.toView(after, await this.repository.collections(trx, ctx.tenantId)), slug: after.store.slug };
    });
    await this.revalidate(ctx, slug);
    return view;
  }

  /** The store's identity inside the caller's transaction (saved, or the vertical's defaults). */
  async resolveWithin(trx: TenantTransaction, tenantId: string): Promise<ResolvedIdentity> {
    const [store, row] = await Promise.all([this.repository.store(trx, tenantId), this.repository.find(trx, tenantId)]);
    if (!store) throw ApiError.notFound('store_not_found', 'No such store');
    const defaults = identityDefaults(store.vertical);
    const media = row ? await this.repository.media(trx, tenantId, [row.logo_media_id, row.hero_media_id]) : [];
    const picture = (id: string | null | undefined, alt: string) => {
      const m = id ? media.find((x) => x.id === id) : undefined;
      return m ? mediaImage(m.storage_key, m.width, m.height, alt) : null;
    };
    // Stored sections were checked when saved; one that no longer parses is dropped, not fatal.
    const parsed = row ? homeSectionsSchema.safeParse(row.sections) : null;
    return {
      saved: Boolean(row),
      store: { slug: store.slug, name: store.name, vertical: store.vertical, kraPin: store.kra_pin },
      row: row ?? null,
      brandColor: row?.brand_color ?? defaults.brandColor,
      sections: parsed ? (parsed.success ? parsed.data : []) : defaults.sections,
      hero: row
        ? row.hero_headline
          ? {
              headline: row.hero_headline,
              text: row.hero_text,
              link: row.hero_link,
              linkLabel: row.hero_link_label,
            }
          : null
        : {
            headline: defaults.hero.headline,
            text: defaults.hero.text,
            link: null,
            linkLabel: null,
            defaultOf: store.vertical,
          },
      announcement: row?.announcement ? { text: row.announcement, link: row.announcement_link } : null,
      logo: picture(row?.logo_media_id, `${store.name} logo`),
      heroImage: picture(row?.hero_media_id, ''),
      business: {
        legalName: row?.legal_name ?? null,
        kraPin: store.kra_pin,
        physicalAddress: row?.physical_address ?? null,
        openingHours: row?.opening_hours ?? null,
      },
    };
  }

  /** Drops the web app's cached pages of the store (queued: a slow web app never fails the save). */
  async revalidate(ctx: RequestContext, slug: string): Promise<void> {
    await enqueue(this.queues.get('seo')!, 'storefront.revalidate', ctx.tenantId, { tags: [`store:${slug}`] });
  }

  private toView(identity: ResolvedIdentity, collections: { slug: string; title: string }[]): BrandingView {
    return {
      saved: identity.saved,
      brandColor: identity.brandColor,
      logo: identity.logo,
      hero: identity.hero ? { ...identity.hero, image: identity.heroImage } : null,
      announcement: identity.announcement,
      sections: identity.sections,
      business: identity.business,
      collections: collections.map((c) => ({ slug: c.slug, title: c.title })),
      updatedAt: identity.row ? identity.row.updated_at.toISOString() : null,
    };
  }

  private auditShape(identity: ResolvedIdentity) {
    return {
      brandColor: identity.brandColor,
      hero: identity.hero,
      announcement: identity.announcement,
      sections: identity.sections,
    };
  }
}
