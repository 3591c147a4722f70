import { Injectable } from '@nestjs/common';
import { type ConversationMessage, type ConversationSummary, type InboxThread } from '@sokoni/contracts';
import type { TenantTransaction } from '@sokoni/db';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { AuditService } from '../audit/audit.service';
import { OrdersService } from '../orders/orders.service';
import { MpesaSettingsService } from '../payments/mpesa-settings.service';
import { ConversationsService, replyRefused, toView } from './conversations.service';
import { howToPay, paysAtDoor } from './how-to-pay';
import { offeredTemplates, templateFacts, type TemplateContext } from './inbox-templates';
import { InboxRepository } from './inbox.repository';
import { MessageSender } from './message-sender.service';
import { MessagingRepository } from './messaging.repository';
import type { NotificationKind } from './templates';
import type { RequestContext } from '../../platform/request-context';

/**
 * The owner's WhatsApp inbox: every shopper who wrote in (unread first, per dashboard user), the
 * thread with one, marking it read, and the approved templates it may send outside WhatsApp's
 * 24-hour window. Free-text replies go through ConversationsService (the window rule lives there).
 */
@Injectable()
export class InboxService {
  constructor(
    private readonly repository: MessagingRepository,
    private readonly inbox: InboxRepository,
    private readonly conversationsService: ConversationsService,
    private readonly sender: MessageSender,
    private readonly orders: OrdersService,
    private readonly mpesa: MpesaSettingsService,
    private readonly tenantDb: TenantDb,
    private readonly audit: AuditService,
  ) {}

  async list(ctx: RequestContext): Promise<ConversationSummary[]> {
    const userId = ctx.owner.userId;
    const rows = await this.tenantDb.run(ctx, (trx) => this.inbox.conversations(trx, ctx.tenantId, userId, 100));
    return rows.map((c) => ({
      phone: c.phone,
      lastMessage: c.last_body,
      lastAt: new Date(c.last_at).toISOString(),
      inboundCount: c.inbound,
      latestOrderNumber: c.order_number,
      unread: c.unread > 0,
      unreadCount: c.unread,
    }));
  }

  /** The whole thread (oldest first), whether free text may go now, the latest order and the templates offered. */
  async thread(ctx: RequestContext, phone: string): Promise<InboxThread> {
    const loaded = await this.tenantDb.run(ctx, async (trx) => {
      await this.knownOrThrow(trx, ctx, phone);
      const rows = await this.repository.conversation(trx, phone, 200);
      const state = await this.conversationsService.replyState(trx, phone);
      return { rows, state, facts: await this.templateContextWithin(trx, phone) };
    });
    const facts = loaded.facts ? await this.withPayTo(ctx, loaded.facts) : null;
    const { state } = loaded;
    return {
      phone,
      messages: loaded.rows.reverse().map(toView),
      window: { open: state.window.open, closesAt: state.window.closesAt?.toISOString() ?? null },
      reply: { allowed: state.blockedBy === null, reason: state.blockedBy },
      order: facts ? { number: facts.order.number, status: facts.order.status, totalKes: facts.order.totalKes } : null,
      // Templates are what WhatsApp allows when free text is not; nothing at all goes to STOP or without a number.
      templates:
        state.blockedBy === 'outside_whatsapp_window' || state.blockedBy === null ? offeredTemplates(facts) : [],
    };
  }

  /** Free text to a shopper this store knows (404 otherwise, as for reading); the window rule is ConversationsService's. */
  async replyText(ctx: RequestContext, phone: string, text: string): Promise<ConversationMessage> {
    await this.tenantDb.run(ctx, (trx) => this.knownOrThrow(trx, ctx, phone));
    return this.conversationsService.replyToShopper(ctx, phone, text);
  }

  /** The user opened the thread: everything the shopper wrote until now is read (for this user). */
  async markRead(ctx: RequestContext, phone: string): Promise<{ readAt: string }> {
    const userId = ctx.owner.userId;
    return this.tenantDb.run(ctx, async (trx) => {
      await this.knownOrThrow(trx, ctx, phone);
      return { readAt: (await this.inbox.markRead(trx, ctx.tenantId, userId, phone)).toISOString() };
    });
  }

  /**
   * Sends one of the offered templates now (WhatsApp first, SMS if WhatsApp refuses it for good,
   * as every order update). Refused with 409 and `details.reason` when it is not offered for the
   * order's state (`template_not_offered`), for STOP or without a connected number.
   */
  async sendTemplate(ctx: RequestContext, phone: string, kind: string): Promise<ConversationMessage> {
    const { state, facts, settings, language } = await this.tenantDb.run(ctx, async (trx) => {
      await this.knownOrThrow(trx, ctx, phone);
      return {
        state: await this.conversationsService.replyState(trx, phone),
        facts: await this.templateContextWithin(trx, phone),
        settings: (await this.repository.settings(trx)) ?? null,
        language: (await this.languageWithin(trx, phone)) ?? 'en',
      };
    });
    if (state.blockedBy && state.blockedBy !== 'outside_whatsapp_window')
      throw replyRefused(state.blockedBy, state.window.closesAt);
    const context = facts ? await this.withPayTo(ctx, facts) : null;
    const offer = offeredTemplates(context).find((t) => t.kind === kind);
    if (!context || !offer)
      throw new ApiError(
        409,
        'conflict',
        context
          ? `That update does not fit order #${context.order.number} (${context.order.status.replace(/_/g, ' ')}) now.`
          : 'This shopper has no order, and WhatsApp only lets a store start a chat with an approved order update. Call or SMS them instead.',
        { reason: 'template_not_offered', field: 'template', offered: offeredTemplates(context).map((t) => t.kind) },
      );
    const outcome = await this.sender
      .send(ctx, settings, {
        phone,
        kind: kind as NotificationKind,
        orderId: context.order.id,
        language,
        facts: templateFacts({ ...context, language }),
      })
      .catch((error: unknown) => {
        throw new ApiError(503, 'service_unavailable', 'WhatsApp did not answer. Try again in a minute.', {
          reason: 'provider_unavailable',
          cause: (error as Error).message.slice(0, 200),
        });
      });
    if (!outcome.channel)
      throw new ApiError(409, 'conflict', 'Neither WhatsApp nor SMS took the message. Call the shopper instead.', {
        reason: outcome.reason,
      });
    return this.tenantDb.run(ctx, async (trx) => {
      await this.audit.record(trx, ctx, {
        action: 'message.template_sent',
        entity: { type: 'message', id: outcome.messageId },
        after: { orderNumber: context.order.number, to: phone, template: offer.template, channel: outcome.channel },
      });
      return toView((await this.repository.messageById(trx, outcome.messageId))!);
    });
  }

  private async knownOrThrow(trx: TenantTransaction, ctx: RequestContext, phone: string): Promise<void> {
    if (!(await this.inbox.knows(trx, ctx.tenantId, phone)))
      throw ApiError.notFound('not_found', 'No conversation with this number');
  }

  /** The shopper's latest order and what its templates are filled with (payTo added outside, see withPayTo). */
  private async templateContextWithin(trx: TenantTransaction, phone: string): Promise<TemplateContext | null> {
    const latest = await this.repository.latestOrderOf(trx, phone);
    if (!latest) return null;
    const order = await this.orders.getWithin(trx, latest.id);
    const store = await this.repository.store(trx);
    const orderLink = this.orders.pageUrl(store.slug, order.id);
    return {
      order,
      storeName: store.name,
      storeSlug: store.slug,
      storeUrl: orderLink.replace(/\/orders\/[^/]+$/, ''),
      orderLink,
      payTo: null,
      receipt: order.status === 'pending_payment' ? null : await this.repository.receiptOfPaidOrder(trx, order.id),
      language: (await this.languageWithin(trx, phone)) ?? 'en',
    };
  }

  private async languageWithin(trx: TenantTransaction, phone: string) {
    const prefs = await this.repository.preferences(trx, phone);
    return prefs?.language ?? (await this.repository.settings(trx))?.language ?? null;
  }

  /**
   * How to pay, only for an unpaid order (the same words as the order's own "order placed"
   * message, how-to-pay.ts): the M-Pesa settings, read in their own transaction, are not needed
   * for a pay-on-delivery order.
   */
  private async withPayTo(ctx: RequestContext, c: TemplateContext): Promise<TemplateContext> {
    if (c.order.status !== 'pending_payment') return c;
    return { ...c, ...howToPay(c.order, paysAtDoor(c.order) ? null : await this.mpesa.load(ctx)) };
  }
}
