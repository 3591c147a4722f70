import { Injectable } from '@nestjs/common';
import type { StoreLanguageInput } from '@sokoni/contracts';
import { TenantDb } from '../../platform/tenant-db';
import { AuditService } from '../audit/audit.service';
import { TenancyService } from '../tenancy/tenancy.service';
import { BrandingService } from './branding.service';
import type { RequestContext } from '../../platform/request-context';

/**
 * The storefront's default language, part of the store's identity (a Swahili-speaking shop opens
 * in Swahili). The shopper's own choice (link, cookie) beats it: apps/web/lib/i18n/locale.ts.
 * Changing it is settings.write (staff cannot), audited, and drops the store's cached pages,
 * which were rendered in the old language.
 */
@Injectable()
export class StoreLanguageService {
  constructor(
    private readonly tenantDb: TenantDb,
    private readonly tenancy: TenancyService,
    private readonly audit: AuditService,
    private readonly branding: BrandingService,
  ) {}

  async language(ctx: RequestContext): Promise<StoreLanguageInput> {
    return { language: (await this.tenancy.storeSummary(ctx)).language };
  }

  async setLanguage(ctx: RequestContext, input: StoreLanguageInput): Promise<StoreLanguageInput> {
    const before = await this.tenancy.storeSummary(ctx);
    if (before.language === input.language) return { language: before.language };
    await this.tenantDb.run(ctx, async (trx) => {
      await this.tenancy.updateStoreWithin(trx, { default_language: input.language });
      await this.audit.record(trx, ctx, {
        action: 'store.language_changed',
        entity: { type: 'store', id: before.slug },
        before: { language: before.language },
        after: { language: input.language },
      });
    });
    await this.branding.revalidate(ctx, before.slug);
    return { language: input.language };
  }
}
