import { Inject, Injectable } from '@nestjs/common';
import {
  formatNairobiDateTime,
  type ConversationMessage,
  type OrderConversation,
  type ReplyBlockReason,
} from '@sokoni/contracts';
import type { TenantTransaction } from '@sokoni/db';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { LOGGER, QUEUES } from '../../platform/tokens';
import { enqueue, type QueueName } from '../../queues/queues';
import { AuditService } from '../audit/audit.service';
import { OrdersService } from '../orders/orders.service';
import { whatsappWindow, type WhatsAppWindow } from './messaging-rules';
import { MessagingRepository, type MessageRow } from './messaging.repository';
import { WHATSAPP } from './providers/messaging-providers.module';
import { WhatsAppError, type WhatsAppClient } from './providers/whatsapp-client';
import type { RequestContext } from '../../platform/request-context';

/**
 * The owner's conversations with shoppers: what a shopper wrote (by order, and as a list), and
 * the owner's free-text replies, which WhatsApp allows only inside its 24-hour window.
 */
@Injectable()
export class ConversationsService {
  constructor(
    private readonly repository: MessagingRepository,
    private readonly orders: OrdersService,
    private readonly tenantDb: TenantDb,
    private readonly audit: AuditService,
    @Inject(QUEUES) private readonly queues: Map<QueueName, Queue>,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(WHATSAPP) private readonly whatsapp: WhatsAppClient,
  ) {}

  /** The shopper's messages (oldest first), WhatsApp's window with them, and whether the owner may reply now. */
  async orderConversation(ctx: RequestContext, orderNumber: number): Promise<OrderConversation> {
    return this.tenantDb.run(ctx, async (trx) => {
      const order = await this.orders.findWithin(trx, orderNumber);
      const rows = await this.repository.conversation(trx, order.phone, 200);
      const state = await this.replyState(trx, order.phone);
      return {
        messages: rows.reverse().map(toView),
        window: { open: state.window.open, closesAt: state.window.closesAt?.toISOString() ?? null },
        reply: { allowed: state.blockedBy === null, reason: state.blockedBy },
      };
    });
  }

  /**
   * The owner (or staff) answers the shopper of an order from the dashboard: free text, which
   * WhatsApp allows only inside the 24-hour window the shopper's last message opened. The row
   * (kind `owner_reply`, status `queued`) and its audit entry commit together; the worker sends
   * it from the notifications queue (retries with backoff), status webhooks move it on, and a
   * failure stays a failure (no SMS: see NO_SMS_FALLBACK in messaging-rules.ts).
   */
  async reply(ctx: RequestContext, orderNumber: number, text: string): Promise<ConversationMessage> {
    return this.replyTo(ctx, text, async (trx) => {
      const order = await this.orders.findWithin(trx, orderNumber);
      return { phone: order.phone, orderId: order.id, orderNumber: order.number };
    });
  }

  /** The inbox's free-text reply to a shopper by phone, filed under their latest order when they have one. */
  async replyToShopper(ctx: RequestContext, phone: string, text: string): Promise<ConversationMessage> {
    return this.replyTo(ctx, text, async (trx) => {
      const order = await this.repository.latestOrderOf(trx, phone);
      return { phone, orderId: order?.id ?? null, orderNumber: order ? Number(order.number) : null };
    });
  }

  private async replyTo(
    ctx: RequestContext,
    text: string,
    target: (trx: TenantTransaction) => Promise<{ phone: string; orderId: string | null; orderNumber: number | null }>,
  ): Promise<ConversationMessage> {
    const tenantId = ctx.tenantId;
    const stored = await this.tenantDb.run(ctx, async (trx) => {
      const order = await target(trx);
      const state = await this.replyState(trx, order.phone);
      if (state.blockedBy) throw replyRefused(state.blockedBy, state.window.closesAt);
      const id = (await this.repository.insertMessage(trx, {
        tenant_id: tenantId,
        direction: 'out',
        channel: 'whatsapp',
        kind: 'owner_reply',
        order_id: order.orderId,
        phone: order.phone,
        body: text,
        status: 'queued',
      }))!;
      await this.audit.record(trx, ctx, {
        action: 'message.reply_sent',
        entity: { type: 'message', id },
        after: { orderNumber: order.orderNumber, to: order.phone, text },
      });
      return (await this.repository.messageById(trx, id))!;
    });
    try {
      await enqueue(
        this.queues.get('notifications')!,
        'message.reply',
        tenantId,
        { messageId: stored.id },
        { jobId: `reply-${stored.id}` },
      );
    } catch (error) {
      // Never left 'queued' with no job to send it: the owner is told and can try again.
      this.logger.warn({ err: error, message_id: stored.id }, 'could not queue the owner reply');
      await this.tenantDb.run(ctx, (trx) =>
        this.repository.updateMessage(trx, stored.id, {
          status: 'failed',
          error_code: 'not_queued',
          error_title: 'Could not be queued',
        }),
      );
      throw new ApiError(503, 'service_unavailable', 'Your reply could not be sent just now. Try again in a minute.', {
        reason: 'queue_unavailable',
      });
    }
    return toView(stored);
  }

  /**
   * The worker's half of reply(): sends a queued owner reply once. The window and STOP are
   * checked again (a retry may come late); a refusal by WhatsApp or the last failed attempt
   * marks the row failed, any other error throws so BullMQ retries.
   */
  async deliverReply(ctx: RequestContext, messageId: string, lastAttempt: boolean): Promise<string> {
    const claim = await this.tenantDb.run(ctx, async (trx) => {
      const m = await this.repository.messageById(trx, messageId);
      if (!m || m.kind !== 'owner_reply' || m.direction !== 'out' || !m.phone)
        return { go: false as const, why: 'no_such_reply' };
      if (m.status !== 'queued' || m.provider_message_id) return { go: false as const, why: `already_${m.status}` };
      const state = await this.replyState(trx, m.phone);
      if (state.blockedBy) {
        await this.repository.updateMessage(trx, m.id, {
          status: 'failed',
          error_code: state.blockedBy,
          error_title: replyRefused(state.blockedBy, state.window.closesAt).message.slice(0, 300),
        });
        return { go: false as const, why: state.blockedBy };
      }
      return { go: true as const, message: m, phoneNumberId: state.phoneNumberId! };
    });
    if (!claim.go) return claim.why;
    const { message, phoneNumberId } = claim;
    try {
      const providerId = await this.whatsapp.send(phoneNumberId, message.phone!, { type: 'text', text: message.body });
      await this.tenantDb.run(ctx, (trx) =>
        this.repository.updateMessage(trx, message.id, { provider_message_id: providerId, status: 'accepted' }),
      );
      return 'accepted';
    } catch (error) {
      const permanent = error instanceof WhatsAppError && error.permanent;
      if (!permanent && !lastAttempt) throw error;
      const code =
        error instanceof WhatsAppError
          ? error.code === null
            ? String(error.httpStatus)
            : String(error.code)
          : 'error';
      await this.tenantDb.run(ctx, (trx) =>
        this.repository.updateMessage(trx, message.id, {
          status: 'failed',
          error_code: code,
          error_title: (error as Error).message.slice(0, 300),
        }),
      );
      this.logger.warn({ err: error, tenant_id: ctx.tenantId, message_id: message.id }, 'owner reply not sent');
      return 'failed';
    }
  }

  /** May the store send this shopper free text now? First reason wins: no WhatsApp, STOP, window. */
  async replyState(
    trx: TenantTransaction,
    phone: string,
  ): Promise<{ window: WhatsAppWindow; blockedBy: ReplyBlockReason | null; phoneNumberId: string | null }> {
    const settings = await this.repository.settings(trx);
    const prefs = await this.repository.preferences(trx, phone);
    const window = await whatsappWindow(this.repository, trx, phone);
    const phoneNumberId = settings?.whatsapp_phone_number_id ?? null;
    const blockedBy: ReplyBlockReason | null = !phoneNumberId
      ? 'whatsapp_not_configured'
      : prefs?.opted_out
        ? 'opted_out'
        : !window.open
          ? 'outside_whatsapp_window'
          : null;
    return { window, blockedBy, phoneNumberId };
  }
}

export function toView(m: MessageRow): ConversationMessage {
  return {
    id: m.id,
    direction: m.direction,
    channel: m.channel,
    kind: m.kind,
    body: m.body,
    status: m.status,
    errorCode: m.error_code,
    template: m.template_name,
    orderId: m.order_id,
    at: new Date(m.created_at).toISOString(),
  };
}

/** The 409 for a reply that cannot go out, in words an owner can act on. */
export function replyRefused(reason: ReplyBlockReason, closesAt: Date | null): ApiError {
  if (reason === 'whatsapp_not_configured') {
    return new ApiError(
      409,
      'conflict',
      'Your store has no WhatsApp number connected, so replies cannot be sent from here. Connect it in Settings, or call or SMS the shopper.',
      { reason },
    );
  }
  if (reason === 'opted_out') {
    return new ApiError(
      409,
      'conflict',
      'This shopper replied STOP: they get no messages from your store until they send START. Call them if you must reach them.',
      { reason },
    );
  }
  const closed = closesAt ? ` (the 24-hour window closed ${formatNairobiDateTime(closesAt)})` : '';
  return new ApiError(
    409,
    'conflict',
    `The shopper has not written to you on WhatsApp in the last 24 hours${closed}. WhatsApp only lets you send order updates until they write again: call or SMS them instead.`,
    {
      reason,
      closedAt: closesAt?.toISOString() ?? null,
    },
  );
}
