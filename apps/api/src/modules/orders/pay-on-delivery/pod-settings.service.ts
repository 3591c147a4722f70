import { Injectable } from '@nestjs/common';
import type { PodSettings, PodSettingsUpdate } from '@sokoni/contracts';
import { ApiError } from '../../../platform/api-error';
import { TenantDb } from '../../../platform/tenant-db';
import { AuditService } from '../../audit/audit.service';
import { DeliveryService } from '../../delivery/delivery.service';
import { PodRepository } from './pod.repository';
import type { RequestContext } from '../../../platform/request-context';

/** The owner's pay-on-delivery settings: read with the store's delivery areas, saved with an audit row. */
@Injectable()
export class PodSettingsService {
  constructor(
    private readonly repository: PodRepository,
    private readonly delivery: DeliveryService,
    private readonly audit: AuditService,
    private readonly tenantDb: TenantDb,
  ) {}

  async get(ctx: RequestContext) {
    const settings = await this.tenantDb.run(ctx, (trx) => this.repository.settings(trx));
    return { settings, deliveryAreas: await this.deliveryAreas(ctx) };
  }

  /** Areas must be ones the store delivers to: 400 naming the field and the unknown slugs otherwise. */
  async save(ctx: RequestContext, input: PodSettingsUpdate) {
    const deliveryAreas = await this.deliveryAreas(ctx);
    const known = new Set(deliveryAreas.map((a) => a.slug));
    const unknown = input.areaSlugs.filter((s) => !known.has(s));
    if (unknown.length)
      throw new ApiError(400, 'validation_failed', `Not areas this store delivers to: ${unknown.join(', ')}`, {
        where: 'body',
        field: 'areaSlugs',
        unknown,
      });
    const next: PodSettings = { ...input, areaSlugs: [...new Set(input.areaSlugs)].sort() };
    const settings = await this.tenantDb.run(ctx, async (trx) => {
      const before = await this.repository.settings(trx);
      await this.repository.saveSettings(trx, ctx.tenantId, next);
      await this.audit.record(trx, ctx, {
        action: 'settings.pay_on_delivery',
        entity: { type: 'store', id: ctx.tenantId },
        before,
        after: next,
      });
      return next;
    });
    return { settings, deliveryAreas };
  }

  private async deliveryAreas(ctx: RequestContext): Promise<{ slug: string; name: string }[]> {
    const list = await this.delivery.areas(ctx, undefined);
    return list.areas.filter((a) => a.deliverable).map((a) => ({ slug: a.slug, name: a.name }));
  }
}
