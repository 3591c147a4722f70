import { Inject, Injectable } from '@nestjs/common';
import {
  ALERT_CHANNELS,
  can,
  hhmmToMinutes,
  minutesToHhmm,
  type AlertSettings,
  type PushSubscriptionInput,
  type updateAlertSettingsSchema,
} from '@sokoni/contracts';
import type { z } from 'zod';
import type { AppConfig } from '../../config/config';
import { ApiError } from '../../platform/api-error';
import type { RequestContext } from '../../platform/request-context';
import { TenantDb } from '../../platform/tenant-db';
import { CONFIG } from '../../platform/tokens';
import { AuditService } from '../audit/audit.service';
import { WEB_PUSH } from './alert-channels.service';
import { effectivePreferences, kindsFor, pushEndpointAllowed } from './alert-rules';
import { AlertsRepository } from './alerts.repository';
import type { WebPushSender } from './web-push-sender';

const DEFAULT_LOW_STOCK_THRESHOLD = 3;

/** One's own alert settings (every role: account.self), the store's low-stock threshold (settings.write), push subscriptions. */
@Injectable()
export class AlertSettingsService {
  constructor(
    private readonly repository: AlertsRepository,
    private readonly tenantDb: TenantDb,
    private readonly audit: AuditService,
    @Inject(WEB_PUSH) private readonly push: WebPushSender,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async get(ctx: RequestContext): Promise<AlertSettings> {
    const { userId, role } = ctx.owner;
    return this.tenantDb.run(ctx, async (trx) => {
      const [person] = await this.repository.people(trx, ctx.tenantId, userId);
      if (!person) throw new ApiError(404, 'not_found', 'Your account is not active at this store');
      const kinds = kindsFor(role);
      const saved = await this.repository.preferences(trx, ctx.tenantId, userId);
      const store = await this.repository.storeSettings(trx, ctx.tenantId);
      const subscriptions = await this.repository.subscriptions(trx, ctx.tenantId, userId);
      const recent = await this.repository.recent(trx, ctx.tenantId, userId, 10);
      return {
        kinds,
        channels: [...ALERT_CHANNELS],
        preferences: effectivePreferences(kinds, saved),
        phone: person.phone,
        accountPhone: person.account_phone,
        email: person.email ? String(person.email) : null,
        quietHours:
          person.quiet_start_min === null || person.quiet_end_min === null
            ? null
            : { start: minutesToHhmm(person.quiet_start_min), end: minutesToHhmm(person.quiet_end_min) },
        urgentInQuietHours: person.urgent_in_quiet ?? false,
        lowStockThreshold: store?.low_stock_threshold ?? DEFAULT_LOW_STOCK_THRESHOLD,
        canEditStore: can(role, 'settings.write'),
        push: { publicKey: this.push.publicKey, subscriptions: subscriptions.length },
        recent: recent.map((r) => ({
          kind: r.kind,
          channel: r.channel,
          status: r.status,
          detail: r.detail,
          held: r.held,
          at: new Date(r.updated_at).toISOString(),
        })),
      };
    });
  }

  async update(ctx: RequestContext, input: z.output<typeof updateAlertSettingsSchema>): Promise<AlertSettings> {
    const { userId, role } = ctx.owner;
    const kinds = kindsFor(role);
    const refused = input.preferences?.find((p) => !kinds.includes(p.kind));
    if (refused)
      throw new ApiError(403, 'forbidden', `Your role does not handle ${refused.kind} alerts`, {
        field: 'preferences',
        kind: refused.kind,
      });
    if (input.lowStockThreshold !== undefined && !can(role, 'settings.write'))
      throw new ApiError(403, 'forbidden', 'Only the owner or an admin sets the store’s low-stock threshold', {
        field: 'lowStockThreshold',
      });
    await this.tenantDb.run(ctx, async (trx) => {
      const quiet =
        input.quietHours === undefined
          ? {}
          : input.quietHours === null
            ? { quiet_start_min: null, quiet_end_min: null }
            : {
                quiet_start_min: hhmmToMinutes(input.quietHours.start),
                quiet_end_min: hhmmToMinutes(input.quietHours.end),
              };
      await this.repository.saveRecipient(trx, {
        tenant_id: ctx.tenantId,
        user_id: userId,
        ...(input.phone === undefined ? {} : { phone: input.phone }),
        ...quiet,
        ...(input.urgentInQuietHours === undefined ? {} : { urgent_in_quiet: input.urgentInQuietHours }),
      });
      if (input.preferences) await this.repository.savePreferences(trx, ctx.tenantId, userId, input.preferences);
      if (input.lowStockThreshold !== undefined)
        await this.repository.upsertStoreSettings(trx, ctx.tenantId, input.lowStockThreshold);
      // Alerts held for the old quiet hours follow the new ones (looked at again at the next sweep).
      if (input.quietHours !== undefined || input.urgentInQuietHours !== undefined)
        await this.repository.releaseHeld(trx, ctx.tenantId, userId);
      await this.audit.record(trx, ctx, {
        action: 'alerts.settings_changed',
        entity: { type: 'user', id: userId },
        after: {
          quietHours: input.quietHours,
          phoneChanged: input.phone !== undefined,
          urgentInQuietHours: input.urgentInQuietHours,
          preferences: input.preferences?.length,
          lowStockThreshold: input.lowStockThreshold,
        },
      });
    });
    return this.get(ctx);
  }

  async subscribe(ctx: RequestContext, input: PushSubscriptionInput, userAgent: string | null) {
    if (!this.push.publicKey)
      throw new ApiError(409, 'conflict', 'Web push is not set up on this server (no VAPID keys)');
    if (!pushEndpointAllowed(input.endpoint, this.config.WEB_PUSH_ALLOWED_ORIGINS))
      throw new ApiError(400, 'validation_failed', 'endpoint is not a known browser push service', {
        where: 'body',
        issues: [{ path: 'endpoint', message: 'endpoint is not a known browser push service', code: 'custom' }],
      });
    const strip = (v: string) => v.replace(/=+$/, '');
    return this.tenantDb.run(ctx, async (trx) => {
      await this.repository.saveSubscription(trx, {
        tenant_id: ctx.tenantId,
        user_id: ctx.owner.userId,
        endpoint: input.endpoint,
        p256dh: strip(input.keys.p256dh),
        auth: strip(input.keys.auth),
        user_agent: userAgent?.slice(0, 300) ?? null,
      });
      const all = await this.repository.subscriptions(trx, ctx.tenantId, ctx.owner.userId);
      return { subscribed: true, subscriptions: all.length };
    });
  }

  async unsubscribe(ctx: RequestContext, endpoint: string | undefined) {
    return this.tenantDb.run(ctx, async (trx) => {
      await this.repository.deleteSubscription(trx, ctx.tenantId, {
        userId: ctx.owner.userId,
        ...(endpoint ? { endpoint } : {}),
      });
      const all = await this.repository.subscriptions(trx, ctx.tenantId, ctx.owner.userId);
      return { subscribed: false, subscriptions: all.length };
    });
  }
}
