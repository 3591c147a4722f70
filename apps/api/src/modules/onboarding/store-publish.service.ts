import { Injectable } from '@nestjs/common';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { AuditService } from '../audit/audit.service';
import { TenancyService } from '../tenancy/tenancy.service';
import { OnboardingRepository } from './onboarding.repository';
import { OnboardingService } from './onboarding.service';
import type { RequestContext } from '../../platform/request-context';

/** The wizard's last step: draft -> active once a shopper could actually buy something. */
@Injectable()
export class StorePublishService {
  constructor(
    private readonly repository: OnboardingRepository,
    private readonly wizard: OnboardingService,
    private readonly tenancy: TenancyService,
    private readonly audit: AuditService,
    private readonly tenantDb: TenantDb,
  ) {}

  /** Draft -> active, once contact, delivery, a sellable product and a return policy are there. */
  async publish(ctx: RequestContext) {
    const result = await this.tenantDb.run(ctx, async (trx) => {
      const store = await this.wizard.requireStoreWithin(trx, true);
      if (store.status === 'suspended')
        throw new ApiError(409, 'conflict', 'This store is suspended: contact Sokoni support', { reason: 'suspended' });
      if (store.status === 'active')
        return {
          slug: store.slug,
          alreadyPublished: true,
          onboarding: await this.wizard.viewWithin(trx, ctx),
        };
      const view = await this.wizard.viewWithin(trx, ctx);
      if (view.missing.length) {
        throw new ApiError(
          409,
          'conflict',
          `Not ready to publish yet: ${view.missing.map((m) => m.message.charAt(0).toLowerCase() + m.message.slice(1)).join('; ')}`,
          { reason: 'not_ready', missing: view.missing },
        );
      }
      await this.repository.ensureProgress(trx, ctx.tenantId, store.vertical);
      await this.tenancy.updateStoreWithin(trx, { status: 'active' });
      await this.repository.updateProgress(trx, { published_at: new Date() });
      await this.audit.record(trx, ctx, {
        action: 'tenant.published',
        entity: { type: 'tenant', id: ctx.tenantId },
        before: { status: 'draft' },
        after: {
          status: 'active',
          counts: view.counts,
          mpesa: view.steps.find((s) => s.key === 'mpesa')?.skipped ? 'skipped' : 'configured',
        },
      });
      return {
        slug: store.slug,
        alreadyPublished: false,
        onboarding: await this.wizard.viewWithin(trx, ctx),
      };
    });
    // "No such store" may be cached from while it was a draft.
    await this.tenancy.forget(result.slug);
    return {
      store: { slug: result.slug, status: 'active' as const },
      alreadyPublished: result.alreadyPublished,
      onboarding: result.onboarding,
    };
  }
}
