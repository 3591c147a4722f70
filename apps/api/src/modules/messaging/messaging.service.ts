import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { formatKes, formatNairobiDateTime, isMsisdn, type ConversationMessage, type OrderConversation, type ReplyBlockReason } from '@sokoni/contracts';
import type { Database, Kysely, TenantTransaction } from '@sokoni/db';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config';
import { ApiError } from '../../platform/api-error';
import { Metrics } from '../../platform/metrics';
import { flaggedBodiesCounter, readJsonBody, type ReceivedBody } from '../../platform/raw-body';
import { requestContext } from '../../platform/request-context';
import { TenantDb } from '../../platform/tenant-db';
import { CONFIG, DB, LOGGER, QUEUES } from '../../platform/tokens';
import { enqueue, type QueueName } from '../../queues/queues';
import { AuditService } from '../audit/audit.service';
import type { OwnerPrincipal } from '../auth/owner-token.service';
import { CartService } from '../cart/cart.service';
import { OrdersService } from '../orders/orders.service';
import { MpesaSettingsService } from '../payments/mpesa-settings.service';
import { MessagingRepository, type MessageRow, type MessagingSettingsRow } from './messaging.repository';
import { Mailer } from './providers/mailer';
import { SmsClient, SmsError } from './providers/sms-client';
import { WhatsAppClient, WhatsAppError } from './providers/whatsapp-client';
import { render, type Language, type MessageFacts, type NotificationKind } from './templates';

const WINDOW_MS = 24 * 3600_000;
/** A claim ('sending') older than this is taken to be from a worker that died mid-send. */
const STALE_CLAIM_MS = 5 * 60_000;
const STATUS_RANK = { queued: 0, accepted: 1, sent: 2, delivered: 3, read: 4, failed: 5, received: 0 } as const;
const STOP_WORDS = /^(stop|stop all|unsubscribe|acha|simama)$/i;
const START_WORDS = /^(start|anza)$/i;
/**
 * Kinds whose failed WhatsApp message is NOT re-sent by SMS. An owner's reply is a turn in a
 * WhatsApp chat: as an SMS from the gateway's sender id the shopper could not answer it, and
 * the owner would think the chat went through. The owner sees it `failed` and calls instead.
 */
const NO_SMS_FALLBACK = new Set(['owner_reply']);

type SendOutcome = { channel: 'whatsapp' | 'sms'; messageId: string } | { channel: null; reason: string };

/**
 * Messages to shoppers (WhatsApp first, SMS when WhatsApp cannot reach them) and to owners
 * (email). Every send goes through the notifications queue; every message in or out is a
 * `messages` row whose status follows the provider's webhooks.
 */
@Injectable()
export class MessagingService implements OnModuleDestroy {
  private readonly whatsapp: WhatsAppClient;
  private readonly sms: SmsClient;
  private readonly mailer: Mailer;
  private readonly flaggedBodies: ReturnType<typeof flaggedBodiesCounter>;

  constructor(
    private readonly repository: MessagingRepository,
    private readonly orders: OrdersService,
    private readonly carts: CartService,
    private readonly mpesa: MpesaSettingsService,
    private readonly tenantDb: TenantDb,
    private readonly audit: AuditService,
    @Inject(DB) private readonly db: Kysely<Database>,
    @Inject(QUEUES) private readonly queues: Map<QueueName, Queue>,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    metrics: Metrics,
  ) {
    this.flaggedBodies = flaggedBodiesCounter(metrics);
    this.whatsapp = new WhatsAppClient(config.WHATSAPP_BASE_URL, config.WHATSAPP_API_VERSION, config.WHATSAPP_ACCESS_TOKEN, config.MESSAGING_TIMEOUT_MS);
    this.sms = new SmsClient(config.SMS_BASE_URL, config.SMS_USERNAME, config.SMS_API_KEY, config.SMS_SENDER_ID, config.MESSAGING_TIMEOUT_MS);
    this.mailer = new Mailer(config.SMTP_URL, config.MAIL_FROM, config.MESSAGING_TIMEOUT_MS);
  }

  onModuleDestroy(): void {
    this.mailer.close();
  }

  /**
   * Sends what an order owes its shopper, once. The outbox row is claimed first (so a second
   * worker, or a re-queued job, finds it taken), the provider is called outside any
   * transaction, and the outcome is written back. A transient failure releases the claim and
   * throws, so BullMQ retries with backoff.
   */
  async deliverNotification(tenantId: string, orderId: string, kind: string): Promise<string> {
    const claim = await this.tenantDb.run(tenantId, async (trx) => {
      const row = await this.repository.lockNotification(trx, orderId, kind);
      if (!row) return { go: false as const, why: 'nothing_owed' };
      if (row.status === 'sent' || row.status === 'skipped' || row.status === 'failed') return { go: false as const, why: `already_${row.status}` };
      if (row.status === 'sending' && Date.now() - new Date(row.updated_at).getTime() < STALE_CLAIM_MS) return { go: false as const, why: 'in_progress' };
      await this.repository.setNotification(trx, orderId, kind, 'sending', null, true);
      return { go: true as const, data: row.data as Record<string, unknown> };
    });
    if (!claim.go) return claim.why;

    let outcome: SendOutcome;
    try {
      outcome = await this.sendOrderMessage(tenantId, orderId, kind as NotificationKind, claim.data);
    } catch (error) {
      await this.tenantDb.run(tenantId, (trx) => this.repository.setNotification(trx, orderId, kind, 'queued', (error as Error).message.slice(0, 300)));
      throw error;
    }
    const status = outcome.channel ? 'sent' : outcome.reason.startsWith('failed') ? 'failed' : 'skipped';
    await this.tenantDb.run(tenantId, (trx) => this.repository.setNotification(trx, orderId, kind, status, outcome.channel ?? outcome.reason));
    if (kind === 'order_paid') await this.alertOwners(tenantId, orderId).catch((error: unknown) => this.logger.warn({ err: error, order_id: orderId }, 'owner email alert failed'));
    return outcome.channel ?? outcome.reason;
  }

  /** The outbox relay: notifications owed whose job was lost or whose worker died mid-send. */
  async relayDue(): Promise<number> {
    const due = await this.repository.notificationsDue(this.db, 60, 200);
    for (const n of due) await this.deliverNotification(n.tenant_id, n.order_id, n.kind).catch((error: unknown) => this.logger.warn({ err: error, order_id: n.order_id, kind: n.kind }, 'relay: send failed, will retry'));
    return due.length;
  }

  /** WhatsApp failed for a shopper after acceptance (a `failed` status): the same words by SMS, once. */
  async smsFallback(tenantId: string, messageId: string): Promise<string> {
    const original = await this.tenantDb.run(tenantId, async (trx) => {
      const m = await this.repository.messageById(trx, messageId);
      if (!m || m.channel !== 'whatsapp' || m.direction !== 'out' || !m.phone) return null;
      if (await this.repository.fallbackOf(trx, messageId)) return null;
      return m;
    });
    if (!original) return 'not_needed';
    if (NO_SMS_FALLBACK.has(original.kind)) return 'not_for_this_kind';
    const prefs = await this.tenantDb.run(tenantId, (trx) => this.repository.preferences(trx, original.phone!));
    if (prefs?.opted_out && original.kind === 'cart_reminder') return 'opted_out';
    const id = await this.sendSms(tenantId, { phone: original.phone!, kind: original.kind, orderId: original.order_id, body: original.body, fallbackOf: original.id });
    return id ? 'sent' : 'failed';
  }

  /**
   * An abandoned cart, checked a while after it got a phone number: one reminder (a template:
   * we are outside any conversation), only if the store opted in, the cart still holds items
   * (placing an order empties it), it has not moved for the store's delay, and the shopper has
   * not said STOP. Never twice for one cart.
   */
  async nudgeCart(tenantId: string, cartId: string): Promise<string> {
    const settings = await this.tenantDb.run(tenantId, (trx) => this.repository.settings(trx));
    if (!settings?.abandoned_cart_nudge) return 'store_not_opted_in';
    const cart = await this.carts.stalled(tenantId, cartId);
    if (!cart || !cart.phone) return 'no_cart_or_phone';
    if (cart.lines === 0) return 'cart_empty';
    const dueAt = cart.updatedAt + settings.abandoned_cart_after_minutes * 60_000;
    if (dueAt > Date.now()) {
      // Still being worked on: look again when it would be due.
      await enqueue(this.queues.get('notifications')!, 'cart.nudge', tenantId, { cartId }, { delay: dueAt - Date.now() + 1_000, jobId: `nudge-${cartId}-${cart.updatedAt}` });
      return 'not_yet';
    }
    const phone = cart.phone;
    const claimed = await this.tenantDb.run(tenantId, async (trx) => {
      const prefs = await this.repository.preferences(trx, phone);
      if (prefs?.opted_out) return 'opted_out';
      return (await this.repository.claimNudge(trx, tenantId, cartId, phone, 'sending')) ? 'claimed' : 'already_nudged';
    });
    if (claimed !== 'claimed') return claimed;
    const store = await this.tenantDb.run(tenantId, (trx) => this.repository.store(trx));
    const link = `${this.config.STOREFRONT_URL_TEMPLATE.replace('{slug}', store.slug)}/cart/shared/${cart.shareToken}`;
    const facts: MessageFacts = { storeName: store.name, customerName: 'there', link };
    const outcome = await this.send(tenantId, settings, { phone, kind: 'cart_reminder', orderId: null, language: settings.language, facts });
    await this.tenantDb.run(tenantId, (trx) => this.repository.setNudge(trx, cartId, outcome.channel ? 'sent' : outcome.reason, outcome.channel ? outcome.messageId : null));
    return outcome.channel ? 'sent' : outcome.reason;
  }

  // WhatsApp webhooks --------------------------------------------------------------------------

  /** Meta's subscription handshake: echo the challenge when the verify token matches. */
  verifySubscription(mode: string | undefined, token: string | undefined, challenge: string | undefined): string {
    if (mode === 'subscribe' && token === this.config.WHATSAPP_VERIFY_TOKEN && challenge) return challenge;
    throw new ApiError(403, 'forbidden', 'Verification token mismatch');
  }

  /**
   * A signed webhook delivery (statuses and inbound messages). The bytes are stored first
   * (platform table webhook_deliveries: the store is named inside the body), then the signature
   * is checked over them, then they are read. A signed body that cannot be read is kept,
   * flagged and answered 200 (Meta would otherwise redeliver the same bytes for a day); an
   * unsigned one is kept truncated (anyone can post) and refused 401. Every effect is keyed on
   * Meta's ids, so the redeliveries Meta makes for a day change nothing.
   */
  async receiveWebhook(received: ReceivedBody, signature: string | undefined): Promise<{ statuses: number; inbound: number }> {
    const authenticated = Boolean(signature) && this.signatureValid(received.bytes, signature!);
    const read = readJsonBody(received.bytes);
    const flag = read.ok ? null : read.flag;
    const stored = this.repository.recordWebhookDelivery(this.db, { received, authenticated, flagReason: flag, correlationId: requestContext.correlationId() ?? null });
    if (!authenticated) {
      await stored.catch((error: unknown) => this.logger.error({ err: error }, 'could not store a refused WhatsApp webhook'));
      this.logger.warn({ has_signature: Boolean(signature), size_bytes: received.bytes.length }, 'WhatsApp webhook with a bad or missing signature: refused');
      throw new ApiError(401, 'unauthorized', 'Invalid X-Hub-Signature-256');
    }
    // Not stored = not acknowledged: the error answer makes Meta deliver it again.
    await stored;
    if (!read.ok) {
      this.flaggedBodies.inc({ source: 'whatsapp', reason: read.flag });
      this.logger.error({ reason: read.flag, size_bytes: received.bytes.length }, 'WhatsApp webhook body unreadable: stored and flagged, not applied');
      return { statuses: 0, inbound: 0 };
    }
    const body = read.value as any;
    let statuses = 0;
    let inbound = 0;
    for (const entry of Array.isArray(body?.entry) ? body.entry : []) {
      for (const change of Array.isArray(entry?.changes) ? entry.changes : []) {
        const value = change?.value ?? {};
        for (const status of Array.isArray(value.statuses) ? value.statuses : []) {
          if (await this.applyStatus(status)) statuses++;
          else await this.retryStatusLater(status);
        }
        const phoneNumberId = String(value.metadata?.phone_number_id ?? '');
        for (const message of Array.isArray(value.messages) ? value.messages : []) {
          if (await this.receiveInbound(phoneNumberId, message, value.contacts)) inbound++;
        }
      }
    }
    return { statuses, inbound };
  }

  // Owner side ---------------------------------------------------------------------------------

  async settingsView(tenantId: string) {
    const s = await this.tenantDb.run(tenantId, (trx) => this.repository.settings(trx));
    return {
      whatsappPhoneNumberId: s?.whatsapp_phone_number_id ?? null,
      language: s?.language ?? 'en',
      orderUpdates: s?.order_updates ?? true,
      ownerEmailAlerts: s?.owner_email_alerts ?? true,
      abandonedCartNudge: s?.abandoned_cart_nudge ?? false,
      abandonedCartAfterMinutes: s?.abandoned_cart_after_minutes ?? 60,
    };
  }

  async saveSettings(tenantId: string, input: { whatsappPhoneNumberId: string | null; language: Language; orderUpdates: boolean; ownerEmailAlerts: boolean; abandonedCartNudge: boolean; abandonedCartAfterMinutes: number }) {
    try {
      await this.tenantDb.run(tenantId, (trx) => this.repository.upsertSettings(trx, {
        tenant_id: tenantId, whatsapp_phone_number_id: input.whatsappPhoneNumberId, language: input.language, order_updates: input.orderUpdates,
        owner_email_alerts: input.ownerEmailAlerts, abandoned_cart_nudge: input.abandonedCartNudge, abandoned_cart_after_minutes: input.abandonedCartAfterMinutes,
      }));
    } catch (error) {
      if ((error as { constraint?: string }).constraint === 'messaging_settings_whatsapp_phone_number_id_key') {
        throw new ApiError(409, 'conflict', 'That WhatsApp number is already connected to another store', { reason: 'whatsapp_number_taken', field: 'whatsappPhoneNumberId' });
      }
      throw error;
    }
    return this.settingsView(tenantId);
  }

  /** The shopper's messages (oldest first), WhatsApp's window with them, and whether the owner may reply now. */
  async orderConversation(tenantId: string, orderNumber: number): Promise<OrderConversation> {
    return this.tenantDb.run(tenantId, async (trx) => {
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
   * failure stays a failure (no SMS: see NO_SMS_FALLBACK).
   */
  async reply(principal: OwnerPrincipal, orderNumber: number, text: string): Promise<ConversationMessage> {
    const tenantId = principal.tenantId;
    const stored = await this.tenantDb.run(tenantId, async (trx) => {
      const order = await this.orders.findWithin(trx, orderNumber);
      const state = await this.replyState(trx, order.phone);
      if (state.blockedBy) throw replyRefused(state.blockedBy, state.window.closesAt);
      const id = (await this.repository.insertMessage(trx, {
        tenant_id: tenantId, direction: 'out', channel: 'whatsapp', kind: 'owner_reply', order_id: order.id, phone: order.phone, body: text, status: 'queued',
      }))!;
      await this.audit.record(trx, tenantId, {
        actor: { type: 'user', id: principal.userId }, action: 'message.reply_sent', entity: { type: 'message', id },
        after: { orderNumber: order.number, to: order.phone, text },
      });
      return (await this.repository.messageById(trx, id))!;
    });
    try {
      await enqueue(this.queues.get('notifications')!, 'message.reply', tenantId, { messageId: stored.id }, { jobId: `reply-${stored.id}` });
    } catch (error) {
      // Never left 'queued' with no job to send it: the owner is told and can try again.
      this.logger.warn({ err: error, message_id: stored.id }, 'could not queue the owner reply');
      await this.tenantDb.run(tenantId, (trx) => this.repository.updateMessage(trx, stored.id, { status: 'failed', error_code: 'not_queued', error_title: 'Could not be queued' }));
      throw new ApiError(503, 'service_unavailable', 'Your reply could not be sent just now. Try again in a minute.', { reason: 'queue_unavailable' });
    }
    return toView(stored);
  }

  /**
   * The worker's half of reply(): sends a queued owner reply once. The window and STOP are
   * checked again (a retry may come late); a refusal by WhatsApp or the last failed attempt
   * marks the row failed, any other error throws so BullMQ retries.
   */
  async deliverReply(tenantId: string, messageId: string, lastAttempt: boolean): Promise<string> {
    const claim = await this.tenantDb.run(tenantId, async (trx) => {
      const m = await this.repository.messageById(trx, messageId);
      if (!m || m.kind !== 'owner_reply' || m.direction !== 'out' || !m.phone) return { go: false as const, why: 'no_such_reply' };
      if (m.status !== 'queued' || m.provider_message_id) return { go: false as const, why: `already_${m.status}` };
      const state = await this.replyState(trx, m.phone);
      if (state.blockedBy) {
        await this.repository.updateMessage(trx, m.id, { status: 'failed', error_code: state.blockedBy, error_title: replyRefused(state.blockedBy, state.window.closesAt).message.slice(0, 300) });
        return { go: false as const, why: state.blockedBy };
      }
      return { go: true as const, message: m, phoneNumberId: state.phoneNumberId! };
    });
    if (!claim.go) return claim.why;
    const { message, phoneNumberId } = claim;
    try {
      const providerId = await this.whatsapp.send(phoneNumberId, message.phone!, { type: 'text', text: message.body });
      await this.tenantDb.run(tenantId, (trx) => this.repository.updateMessage(trx, message.id, { provider_message_id: providerId, status: 'accepted' }));
      return 'accepted';
    } catch (error) {
      const permanent = error instanceof WhatsAppError && error.permanent;
      if (!permanent && !lastAttempt) throw error;
      const code = error instanceof WhatsAppError ? (error.code === null ? String(error.httpStatus) : String(error.code)) : 'error';
      await this.tenantDb.run(tenantId, (trx) => this.repository.updateMessage(trx, message.id, { status: 'failed', error_code: code, error_title: (error as Error).message.slice(0, 300) }));
      this.logger.warn({ err: error, tenant_id: tenantId, message_id: message.id }, 'owner reply not sent');
      return 'failed';
    }
  }

  async conversations(tenantId: string) {
    return this.tenantDb.run(tenantId, async (trx) => (await this.repository.conversations(trx, 100)).map((c) => ({
      phone: c.phone, lastMessage: c.last_body, lastAt: new Date(c.last_at).toISOString(), inboundCount: c.inbound, latestOrderNumber: c.order_number,
    })));
  }

  // Internals -----------------------------------------------------------------------------------

  /**
   * WhatsApp's customer service window: free text is allowed for 24 hours after the shopper's
   * last message to this store (templates any time). The one place that decides it.
   */
  private async windowFor(trx: TenantTransaction, phone: string): Promise<{ open: boolean; closesAt: Date | null }> {
    const lastInbound = await this.repository.lastInboundAt(trx, phone);
    const closesAt = lastInbound ? new Date(lastInbound.getTime() + WINDOW_MS) : null;
    return { open: closesAt !== null && closesAt.getTime() > Date.now(), closesAt };
  }

  /** May the store send this shopper free text now? First reason wins: no WhatsApp, STOP, window. */
  private async replyState(trx: TenantTransaction, phone: string): Promise<{ window: { open: boolean; closesAt: Date | null }; blockedBy: ReplyBlockReason | null; phoneNumberId: string | null }> {
    const settings = await this.repository.settings(trx);
    const prefs = await this.repository.preferences(trx, phone);
    const window = await this.windowFor(trx, phone);
    const phoneNumberId = settings?.whatsapp_phone_number_id ?? null;
    const blockedBy: ReplyBlockReason | null = !phoneNumberId ? 'whatsapp_not_configured' : prefs?.opted_out ? 'opted_out' : !window.open ? 'outside_whatsapp_window' : null;
    return { window, blockedBy, phoneNumberId };
  }

  private async sendOrderMessage(tenantId: string, orderId: string, kind: NotificationKind, data: Record<string, unknown>): Promise<SendOutcome> {
    const { order, settings, store, prefs } = await this.tenantDb.run(tenantId, async (trx) => {
      const order = await this.orders.getWithin(trx, orderId);
      return { order, settings: await this.repository.settings(trx), store: await this.repository.store(trx), prefs: await this.repository.preferences(trx, order.phone) };
    });
    if (kind === 'order_placed' && order.status !== 'pending_payment') return { channel: null, reason: 'skipped_already_paid' };
    if (settings && !settings.order_updates) return { channel: null, reason: 'skipped_store_off' };
    if (prefs?.opted_out) return { channel: null, reason: 'skipped_opted_out' };
    const mpesa = kind === 'order_placed' ? await this.mpesa.load(tenantId) : null;
    const facts: MessageFacts = {
      storeName: store.name, customerName: order.customerName, orderNumber: order.number, totalKes: order.totalKes,
      receipt: typeof data.receipt === 'string' ? data.receipt : null,
      amountKes: typeof data.amountKes === 'number' ? data.amountKes : order.totalKes,
      rider: typeof data.riderName === 'string' ? data.riderName : typeof data.agentName === 'string' ? `pickup point ${data.agentName}` : null,
      eta: typeof data.agentName === 'string' ? 'ready for pickup within 1-2 days' : 'today',
      payTo: mpesa ? (mpesa.settings.kind === 'paybill' ? `Paybill ${mpesa.publicNumber}, account ${order.number}, ${formatKes(order.totalKes)}` : `Till ${mpesa.publicNumber}, ${formatKes(order.totalKes)}`) : null,
    };
    if (kind === 'order_paid' && !facts.receipt) {
      // The receipt may have come after the notification was owed (paid by STK Query first).
      facts.receipt = await this.tenantDb.run(tenantId, async (trx) => (await trx.selectFrom('payments').select('receipt_number').where('order_id', '=', orderId).where('status', 'in', ['paid', 'refunded']).where('counts_for_order', '=', true).executeTakeFirst())?.receipt_number ?? null);
    }
    return this.send(tenantId, settings ?? null, { phone: order.phone, kind, orderId, language: prefs?.language ?? settings?.language ?? 'en', facts });
  }

  /** WhatsApp (template outside the 24-hour window, free text inside it), else SMS. */
  private async send(
    tenantId: string, settings: MessagingSettingsRow | null,
    m: { phone: string; kind: NotificationKind; orderId: string | null; language: Language; facts: MessageFacts },
  ): Promise<SendOutcome> {
    const message = render(m.kind, m.language, m.facts);
    const phoneNumberId = settings?.whatsapp_phone_number_id;
    if (phoneNumberId) {
      const inWindow = (await this.tenantDb.run(tenantId, (trx) => this.windowFor(trx, m.phone))).open;
      try {
        const providerId = await this.whatsapp.send(phoneNumberId, m.phone, inWindow
          ? { type: 'text', text: message.text }
          : { type: 'template', template: message.template, language: m.language, parameters: message.parameters });
        const id = await this.tenantDb.run(tenantId, (trx) => this.repository.insertMessage(trx, {
          tenant_id: tenantId, direction: 'out', channel: 'whatsapp', kind: m.kind, order_id: m.orderId, phone: m.phone,
          template_name: inWindow ? null : message.template, language: m.language, body: message.text, provider_message_id: providerId, status: 'accepted',
        }));
        return { channel: 'whatsapp', messageId: id! };
      } catch (error) {
        if (!(error instanceof WhatsAppError) || !error.permanent) throw error;
        const failedId = await this.tenantDb.run(tenantId, (trx) => this.repository.insertMessage(trx, {
          tenant_id: tenantId, direction: 'out', channel: 'whatsapp', kind: m.kind, order_id: m.orderId, phone: m.phone,
          template_name: inWindow ? null : message.template, language: m.language, body: message.text, status: 'failed',
          error_code: error.code === null ? String(error.httpStatus) : String(error.code), error_title: error.message.slice(0, 300),
        }));
        this.logger.warn({ err: error, tenant_id: tenantId, kind: m.kind }, 'WhatsApp refused the message; falling back to SMS');
        const smsId = await this.sendSms(tenantId, { phone: m.phone, kind: m.kind, orderId: m.orderId, body: message.text, fallbackOf: failedId });
        return smsId ? { channel: 'sms', messageId: smsId } : { channel: null, reason: 'failed_all_channels' };
      }
    }
    const smsId = await this.sendSms(tenantId, { phone: m.phone, kind: m.kind, orderId: m.orderId, body: message.text, fallbackOf: null });
    return smsId ? { channel: 'sms', messageId: smsId } : { channel: null, reason: 'failed_sms' };
  }

  /** Returns the message id, or null when the number cannot get SMS (recorded as failed). Throws on transient errors. */
  private async sendSms(tenantId: string, m: { phone: string; kind: string; orderId: string | null; body: string; fallbackOf: string | null }): Promise<string | null> {
    try {
      const providerId = await this.sms.send(m.phone, m.body);
      return this.tenantDb.run(tenantId, (trx) => this.repository.insertMessage(trx, {
        tenant_id: tenantId, direction: 'out', channel: 'sms', kind: m.kind, order_id: m.orderId, phone: m.phone, body: m.body,
        provider_message_id: providerId, status: 'sent', fallback_of: m.fallbackOf,
      }));
    } catch (error) {
      if (!(error instanceof SmsError) || !error.permanent) throw error;
      await this.tenantDb.run(tenantId, (trx) => this.repository.insertMessage(trx, {
        tenant_id: tenantId, direction: 'out', channel: 'sms', kind: m.kind, order_id: m.orderId, phone: m.phone, body: m.body,
        status: 'failed', error_code: error.statusCode === null ? null : String(error.statusCode), error_title: error.message.slice(0, 300), fallback_of: m.fallbackOf,
      }));
      return null;
    }
  }

  private async alertOwners(tenantId: string, orderId: string): Promise<void> {
    const { settings, store, order } = await this.tenantDb.run(tenantId, async (trx) => ({
      settings: await this.repository.settings(trx), store: await this.repository.store(trx), order: await this.orders.getWithin(trx, orderId),
    }));
    if (settings && !settings.owner_email_alerts) return;
    const lines = order.items.map((i) => `  ${i.quantity} x ${i.title} — ${formatKes(i.lineTotalKes)}`).join('\n');
    const text = `New paid order #${order.number} at ${store.name}: ${formatKes(order.totalKes)}\n\n${lines}\n\nCustomer: ${order.customerName}, ${order.phone}\nDelivery: ${order.deliveryMethod} to ${order.areaSlug}${order.landmark ? ` (${order.landmark})` : ''}\n`;
    for (const email of store.ownerEmails) {
      const providerId = await this.mailer.send(email, `Paid: order #${order.number} (${formatKes(order.totalKes)})`, text);
      await this.tenantDb.run(tenantId, (trx) => this.repository.insertMessage(trx, {
        tenant_id: tenantId, direction: 'out', channel: 'email', kind: 'owner_order_paid', order_id: orderId, email, body: text, provider_message_id: providerId, status: 'sent',
      }));
    }
  }

  private signatureValid(raw: Buffer, header: string): boolean {
    const expected = Buffer.from(`sha256=${createHmac('sha256', this.config.whatsappAppSecret).update(raw).digest('hex')}`);
    const given = Buffer.from(header);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /**
   * A status can overtake our own record of the send (Meta answers the send, then posts `sent`
   * before we have written the row). It is retried from the queue for a while, not dropped.
   */
  private async retryStatusLater(status: any): Promise<void> {
    const id = typeof status?.id === 'string' ? status.id : null;
    if (!id || !['sent', 'delivered', 'read', 'failed'].includes(status?.status)) return;
    await enqueue(this.queues.get('notifications')!, 'message.status', null, { status }, {
      jobId: `status-${id.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 120)}-${status.status}`, attempts: 8, backoff: { type: 'exponential', delay: 500 },
    }).catch((error: unknown) => this.logger.warn({ err: error }, 'could not queue a status for retry'));
  }

  /** The retry job: throws (so BullMQ tries again) while the message is still unknown. */
  async applyStatusOrThrow(status: any): Promise<string> {
    if (await this.applyStatus(status)) return 'applied';
    const known = typeof status?.id === 'string' ? await this.repository.tenantForProviderMessage(this.db, 'whatsapp', status.id) : null;
    if (known) return 'duplicate';
    throw new Error(`status ${String(status?.status)} for unknown message ${String(status?.id)}`);
  }

  private async applyStatus(status: any): Promise<boolean> {
    const providerId = typeof status?.id === 'string' ? status.id : null;
    const value = status?.status;
    if (!providerId || !['sent', 'delivered', 'read', 'failed'].includes(value)) return false;
    const tenantId = await this.repository.tenantForProviderMessage(this.db, 'whatsapp', providerId);
    if (!tenantId) return false;
    const errorCode = status.errors?.[0]?.code === undefined ? null : String(status.errors[0].code);
    const fallback = await this.tenantDb.run(tenantId, async (trx) => {
      const message = await this.repository.messageByProviderId(trx, 'whatsapp', providerId);
      if (!message) return null;
      const fresh = await this.repository.recordStatus(trx, {
        tenant_id: tenantId, message_id: message.id, status: value, error_code: errorCode,
        occurred_at: new Date(Number(status.timestamp) * 1000 || Date.now()),
      });
      if (!fresh) return null;
      // Statuses arrive out of order and may skip steps: keep the furthest one; failed wins.
      if (STATUS_RANK[value as keyof typeof STATUS_RANK] > STATUS_RANK[message.status]) {
        await this.repository.updateMessage(trx, message.id, {
          status: value, ...(value === 'failed' ? { error_code: errorCode, error_title: String(status.errors?.[0]?.title ?? '').slice(0, 300) || null } : {}),
        });
      }
      return value === 'failed' && message.direction === 'out' && !NO_SMS_FALLBACK.has(message.kind) ? message.id : null;
    });
    if (fallback) {
      await enqueue(this.queues.get('notifications')!, 'message.sms-fallback', tenantId, { messageId: fallback }, { jobId: `fallback-${fallback}` })
        .catch((error: unknown) => this.logger.warn({ err: error, message_id: fallback }, 'could not queue the SMS fallback'));
    }
    return true;
  }

  private async receiveInbound(phoneNumberId: string, message: any, contacts: any): Promise<boolean> {
    const tenantId = phoneNumberId ? await this.repository.tenantForPhoneNumberId(this.db, phoneNumberId) : null;
    const from = typeof message?.from === 'string' && isMsisdn(message.from) ? message.from : null;
    if (!tenantId || !from || typeof message.id !== 'string') return false;
    const text: string = message.type === 'text' ? String(message.text?.body ?? '')
      : message.type === 'interactive' ? String(message.interactive?.button_reply?.title ?? message.interactive?.button_reply?.id ?? '')
        : `[${String(message.type ?? 'message')}]`;
    const name = Array.isArray(contacts) ? contacts.find((c: any) => c?.wa_id === from)?.profile?.name : undefined;
    const stored = await this.tenantDb.run(tenantId, async (trx) => {
      const order = await this.repository.latestOrderOf(trx, from);
      const id = await this.repository.insertMessage(trx, {
        tenant_id: tenantId, direction: 'in', channel: 'whatsapp', kind: 'inbound', order_id: order?.id ?? null, phone: from,
        body: (name ? `${name}: ` : '') + text.slice(0, 4096), provider_message_id: message.id, status: 'received',
      });
      if (!id) return null;
      const word = text.trim();
      if (STOP_WORDS.test(word)) await this.repository.setOptOut(trx, tenantId, from, true);
      if (START_WORDS.test(word)) await this.repository.setOptOut(trx, tenantId, from, false);
      return { id, word, orderId: order?.id ?? null };
    });
    if (!stored) return false;
    if (STOP_WORDS.test(stored.word) || START_WORDS.test(stored.word)) {
      const store = await this.tenantDb.run(tenantId, (trx) => this.repository.store(trx));
      const reply = STOP_WORDS.test(stored.word)
        ? `You will get no more messages from ${store.name}. Reply START to hear from us again.`
        : `Welcome back! ${store.name} will message you about your orders again.`;
      // Inside the window the shopper just opened: a free-text reply is allowed.
      const providerId = await this.whatsapp.send(phoneNumberId, from, { type: 'text', text: reply }).catch((error: unknown) => {
        this.logger.warn({ err: error }, 'could not confirm the opt-out/in');
        return null;
      });
      if (providerId) {
        await this.tenantDb.run(tenantId, (trx) => this.repository.insertMessage(trx, {
          tenant_id: tenantId, direction: 'out', channel: 'whatsapp', kind: 'reply', order_id: stored.orderId, phone: from, body: reply, provider_message_id: providerId, status: 'accepted',
        }));
      }
    }
    return true;
  }
}

function toView(m: MessageRow): ConversationMessage {
  return {
    id: m.id, direction: m.direction, channel: m.channel, kind: m.kind, body: m.body, status: m.status,
    errorCode: m.error_code, template: m.template_name, orderId: m.order_id, at: new Date(m.created_at).toISOString(),
  };
}

/** The 409 for a reply that cannot go out, in words an owner can act on. */
function replyRefused(reason: ReplyBlockReason, closesAt: Date | null): ApiError {
  if (reason === 'whatsapp_not_configured') {
    return new ApiError(409, 'conflict', 'Your store has no WhatsApp number connected, so replies cannot be sent from here. Connect it in Settings, or call or SMS the shopper.', { reason });
  }
  if (reason === 'opted_out') {
    return new ApiError(409, 'conflict', 'This shopper replied STOP: they get no messages from your store until they send START. Call them if you must reach them.', { reason });
  }
  const closed = closesAt ? ` (the 24-hour window closed ${formatNairobiDateTime(closesAt)})` : '';
  return new ApiError(409, 'conflict', `The shopper has not written to you on WhatsApp in the last 24 hours${closed}. WhatsApp only lets you send order updates until they write again: call or SMS them instead.`, {
    reason, closedAt: closesAt?.toISOString() ?? null,
  });
}
