import { Injectable } from '@nestjs/common';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { MessagingRepository } from './messaging.repository';
import type { Language } from './templates';
import type { RequestContext } from '../../platform/request-context';

/** A store's messaging settings: its WhatsApp number, language, and which messages it wants sent. */
@Injectable()
export class MessagingSettingsService {
  constructor(
    private readonly repository: MessagingRepository,
    private readonly tenantDb: TenantDb,
  ) {}

  async settingsView(ctx: RequestContext) {
    const s = await this.tenantDb.run(ctx, (trx) => this.repository.settings(trx));
    return {
      whatsappPhoneNumberId: s?.whatsapp_phone_number_id ?? null,
      language: s?.language ?? 'en',
      orderUpdates: s?.order_updates ?? true,
      ownerEmailAlerts: s?.owner_email_alerts ?? true,
      abandonedCartNudge: s?.abandoned_cart_nudge ?? false,
      abandonedCartAfterMinutes: s?.abandoned_cart_after_minutes ?? 60,
    };
  }

  async saveSettings(
    ctx: RequestContext,
    input: {
      whatsappPhoneNumberId: string | null;
      language: Language;
      orderUpdates: boolean;
      ownerEmailAlerts: boolean;
      abandonedCartNudge: boolean;
      abandonedCartAfterMinutes: number;
    },
  ) {
    try {
      await this.tenantDb.run(ctx, (trx) =>
        this.repository.upsertSettings(trx, {
          tenant_id: ctx.tenantId,
          whatsapp_phone_number_id: input.whatsappPhoneNumberId,
          language: input.language,
          order_updates: input.orderUpdates,
          owner_email_alerts: input.ownerEmailAlerts,
          abandoned_cart_nudge: input.abandonedCartNudge,
          abandoned_cart_after_minutes: input.abandonedCartAfterMinutes,
        }),
      );
    } catch (error) {
      if ((error as { constraint?: string }).constraint === 'messaging_settings_whatsapp_phone_number_id_key') {
        throw new ApiError(409, 'conflict', 'That WhatsApp number is already connected to another store', {
          reason: 'whatsapp_number_taken',
          field: 'whatsappPhoneNumberId',
        });
      }
      throw error;
    }
    return this.settingsView(ctx);
  }
}
