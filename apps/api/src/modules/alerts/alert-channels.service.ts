import { Inject, Injectable } from '@nestjs/common';
import type { AlertChannel, AlertKind } from '@sokoni/contracts';
import type { AppConfig } from '../../config/config';
import type { RequestContext } from '../../platform/request-context';
import { TenantDb } from '../../platform/tenant-db';
import { CONFIG } from '../../platform/tokens';
import { MessageSender } from '../messaging/message-sender.service';
import type { Mailer } from '../messaging/providers/mailer';
import { MAILER } from '../messaging/providers/messaging-providers.module';
import { alertText, type AlertFacts } from './alert-rules';
import { AlertsRepository } from './alerts.repository';
import type { WebPushSender } from './web-push-sender';

export const WEB_PUSH = Symbol('WEB_PUSH');

/** Where one alert goes to one person. */
export interface Recipient {
  userId: string;
  phone: string | null;
  email: string | null;
}

/**
 * sent: done. skipped: nothing to send to (no phone, no subscription, no WhatsApp number), never
 * retried. retry: a provider failed for now (the delivery comes due again with backoff).
 */
export type ChannelOutcome =
  | { status: 'sent'; detail: string }
  | { status: 'skipped'; detail: string }
  | { status: 'retry'; detail: string }
  | { status: 'failed'; detail: string };

/**
 * Sends one alert on one channel: WhatsApp (template `owner_alert`, SMS when WhatsApp refuses)
 * and SMS through the messaging module's MessageSender, email by the same Mailer as the paid-order
 * email, web push to each of the person's subscribed browsers. Never inside a transaction.
 */
@Injectable()
export class AlertChannels {
  constructor(
    private readonly repository: AlertsRepository,
    private readonly tenantDb: TenantDb,
    private readonly sender: MessageSender,
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(WEB_PUSH) private readonly push: WebPushSender,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async send(
    ctx: RequestContext,
    to: Recipient,
    channel: AlertChannel,
    alert: { kind: AlertKind; facts: AlertFacts; eventId: string },
  ): Promise<ChannelOutcome> {
    const { store, whatsappNumberId } = await this.tenantDb.run(ctx, async (trx) => ({
      store: await this.repository.store(trx, ctx.tenantId),
      whatsappNumberId: channel === 'whatsapp' ? await this.repository.whatsappNumberId(trx, ctx.tenantId) : null,
    }));
    const text = alertText(alert.kind, alert.facts, store.name, this.config.OWNER_APP_URL);
    try {
      switch (channel) {
        case 'whatsapp':
        case 'sms': {
          if (!to.phone) return { status: 'skipped', detail: 'no_phone' };
          // Without the store's WhatsApp number MessageSender would go straight to SMS: a second SMS
          // for someone who also chose SMS. WhatsApp is skipped instead.
          if (channel === 'whatsapp' && !whatsappNumberId) return { status: 'skipped', detail: 'no_whatsapp_number' };
          const message = { template: 'owner_alert', parameters: [text.title, text.body], text: text.body };
          const kind = `owner_alert_${alert.kind}`;
          const orderId = alert.facts.orderId ?? null;
          if (channel === 'sms') {
            const id = await this.sender.sendSms(ctx, {
              phone: to.phone,
              kind,
              orderId,
              body: text.body,
              fallbackOf: null,
            });
            return id ? { status: 'sent', detail: 'sms' } : { status: 'failed', detail: 'sms_refused' };
          }
          const outcome = await this.sender.sendPrepared(
            ctx,
            { whatsapp_phone_number_id: whatsappNumberId },
            { phone: to.phone, kind, orderId, language: 'en', message },
          );
          return outcome.channel
            ? { status: 'sent', detail: outcome.channel }
            : { status: 'failed', detail: outcome.reason };
        }
        case 'email':
          if (!to.email) return { status: 'skipped', detail: 'no_email' };
          return { status: 'sent', detail: await this.mailer.send(to.email, text.title, `${text.body}\n`) };
        case 'push':
          return await this.sendPush(ctx, to.userId, {
            title: text.title,
            body: text.body,
            url: text.url,
            tag: `alert-${alert.eventId}`,
          });
      }
    } catch (error) {
      return { status: 'retry', detail: (error as Error).message.slice(0, 300) };
    }
  }

  /** Every browser the person subscribed; a subscription the push service calls gone (404/410) is removed. */
  private async sendPush(
    ctx: RequestContext,
    userId: string,
    payload: Record<string, unknown>,
  ): Promise<ChannelOutcome> {
    if (!this.push.publicKey) return { status: 'skipped', detail: 'push_not_configured' };
    const subscriptions = await this.tenantDb.run(ctx, (trx) =>
      this.repository.subscriptions(trx, ctx.tenantId, userId),
    );
    if (!subscriptions.length) return { status: 'skipped', detail: 'no_subscription' };
    let sent = 0;
    let gone = 0;
    const problems: string[] = [];
    for (const subscription of subscriptions) {
      const result = await this.push.send(subscription, payload);
      if (result.ok) sent++;
      else if (result.gone) gone++;
      else problems.push(result.message);
      await this.tenantDb.run(ctx, async (trx) => {
        if (result.ok) await this.repository.pushSucceeded(trx, ctx.tenantId, subscription.id);
        else if (result.gone) await this.repository.deleteSubscription(trx, ctx.tenantId, { id: subscription.id });
      });
    }
    if (sent) return { status: 'sent', detail: `push:${sent}${gone ? `, ${gone} expired removed` : ''}` };
    if (problems.length) return { status: 'retry', detail: problems[0]!.slice(0, 300) };
    return { status: 'skipped', detail: `subscriptions_expired:${gone}` };
  }
}
