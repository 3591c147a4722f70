import { Inject, Injectable } from '@nestjs/common';
import type { MessagesTable } from '@sokoni/db';
import type { Insertable } from 'kysely';
import type { Logger } from 'pino';
import { Metrics } from '../../platform/metrics';
import { TenantDb } from '../../platform/tenant-db';
import type { AppConfig } from '../../config/config';
import { CONFIG, LOGGER } from '../../platform/tokens';
import { whatsappWindow } from './messaging-rules';
import { MessagingRepository, type MessagingSettingsRow } from './messaging.repository';
import { SMS, WHATSAPP } from './providers/messaging-providers.module';
import { SmsError, type SmsClient } from './providers/sms-client';
import { WhatsAppError, type WhatsAppClient } from './providers/whatsapp-client';
import { render, type Language, type MessageFacts, type NotificationKind, type TemplateMessage } from './templates';
import type { RequestContext } from '../../platform/request-context';

export type SendOutcome = { channel: 'whatsapp' | 'sms'; messageId: string } | { channel: null; reason: string };

/**
 * The one way a message to a shopper goes out: through WhatsApp or SMS, and recorded as a
 * `messages` row (accepted, sent or failed) whose status the provider's webhooks move on.
 */
@Injectable()
export class MessageSender {
  constructor(
    private readonly repository: MessagingRepository,
    private readonly tenantDb: TenantDb,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(WHATSAPP) private readonly whatsapp: WhatsAppClient,
    @Inject(SMS) private readonly sms: SmsClient,
    private readonly metrics: Metrics,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  /** WhatsApp (template outside the 24-hour window, free text inside it), else SMS. */
  async send(
    ctx: RequestContext,
    settings: MessagingSettingsRow | null,
    m: { phone: string; kind: NotificationKind; orderId: string | null; language: Language; facts: MessageFacts },
  ): Promise<SendOutcome> {
    // The storefront's address (links in messages, e.g. "rate what you bought") from the store's slug.
    const facts =
      m.facts.storeSlug && !m.facts.storeUrl
        ? { ...m.facts, storeUrl: this.config.STOREFRONT_URL_TEMPLATE.replace('{slug}', m.facts.storeSlug) }
        : m.facts;
    const message = render(m.kind, m.language, facts);
    return this.sendPrepared(ctx, settings, { ...m, message });
  }

  /**
   * The same for words already written (owner alerts, modules/alerts): WhatsApp (the template
   * outside the 24-hour window, the text inside it), else SMS, recorded as `messages` rows.
   */
  async sendPrepared(
    ctx: RequestContext,
    settings: Pick<MessagingSettingsRow, 'whatsapp_phone_number_id'> | null,
    m: { phone: string; kind: string; orderId: string | null; language: Language; message: TemplateMessage },
  ): Promise<SendOutcome> {
    const { message } = m;
    const phoneNumberId = settings?.whatsapp_phone_number_id;
    if (phoneNumberId) {
      const inWindow = (await this.tenantDb.run(ctx, (trx) => whatsappWindow(this.repository, trx, m.phone))).open;
      // The message as recorded, whether WhatsApp accepts it or refuses it for good.
      const whatsappRow = {
        tenant_id: ctx.tenantId,
        direction: 'out',
        channel: 'whatsapp',
        kind: m.kind,
        order_id: m.orderId,
        phone: m.phone,
        template_name: inWindow ? null : message.template,
        language: m.language,
        body: message.text,
      } as const;
      try {
        const providerId = await this.whatsapp.send(
          phoneNumberId,
          m.phone,
          inWindow
            ? { type: 'text', text: message.text }
            : { type: 'template', template: message.template, language: m.language, parameters: message.parameters },
        );
        const id = await this.tenantDb.run(ctx, (trx) =>
          this.repository.insertMessage(trx, { ...whatsappRow, provider_message_id: providerId, status: 'accepted' }),
        );
        this.metrics.notificationSends.inc({ channel: 'whatsapp', outcome: 'accepted' });
        return { channel: 'whatsapp', messageId: id! };
      } catch (error) {
        if (!(error instanceof WhatsAppError) || !error.permanent) {
          this.metrics.notificationSends.inc({ channel: 'whatsapp', outcome: 'error' });
          throw error;
        }
        this.metrics.notificationSends.inc({ channel: 'whatsapp', outcome: 'refused' });
        const failedId = await this.tenantDb.run(ctx, (trx) =>
          this.repository.insertMessage(trx, {
            ...whatsappRow,
            status: 'failed',
            error_code: error.code === null ? String(error.httpStatus) : String(error.code),
            error_title: error.message.slice(0, 300),
          }),
        );
        this.logger.warn(
          { err: error, tenant_id: ctx.tenantId, kind: m.kind },
          'WhatsApp refused the message; falling back to SMS',
        );
        const smsId = await this.sendSms(ctx, {
          phone: m.phone,
          kind: m.kind,
          orderId: m.orderId,
          body: message.text,
          fallbackOf: failedId,
        });
        return smsId ? { channel: 'sms', messageId: smsId } : { channel: null, reason: 'failed_all_channels' };
      }
    }
    const smsId = await this.sendSms(ctx, {
      phone: m.phone,
      kind: m.kind,
      orderId: m.orderId,
      body: message.text,
      fallbackOf: null,
    });
    return smsId ? { channel: 'sms', messageId: smsId } : { channel: null, reason: 'failed_sms' };
  }

  /** Returns the message id, or null when the number cannot get SMS (recorded as failed). Throws on transient errors. */
  async sendSms(
    ctx: RequestContext,
    m: { phone: string; kind: string; orderId: string | null; body: string; fallbackOf: string | null },
  ): Promise<string | null> {
    try {
      const providerId = await this.sms.send(m.phone, m.body);
      const id = await this.recordSms(ctx, m, { provider_message_id: providerId, status: 'sent' });
      this.metrics.notificationSends.inc({ channel: 'sms', outcome: 'sent' });
      return id;
    } catch (error) {
      const permanent = error instanceof SmsError && error.permanent;
      this.metrics.notificationSends.inc({ channel: 'sms', outcome: permanent ? 'refused' : 'error' });
      if (!permanent) throw error;
      await this.recordSms(ctx, m, {
        status: 'failed',
        error_code: error.statusCode === null ? null : String(error.statusCode),
        error_title: error.message.slice(0, 300),
      });
      return null;
    }
  }

  /** The outgoing SMS's row in the conversation log: sent (with the provider's id) or failed (with why). */
  private recordSms(
    ctx: RequestContext,
    m: { phone: string; kind: string; orderId: string | null; body: string; fallbackOf: string | null },
    outcome: Pick<Insertable<MessagesTable>, 'status' | 'provider_message_id' | 'error_code' | 'error_title'>,
  ): Promise<string | null> {
    return this.tenantDb.run(ctx, (trx) =>
      this.repository.insertMessage(trx, {
        tenant_id: ctx.tenantId,
        direction: 'out',
        channel: 'sms',
        kind: m.kind,
        order_id: m.orderId,
        phone: m.phone,
        body: m.body,
        ...outcome,
        fallback_of: m.fallbackOf,
      }),
    );
  }
}
