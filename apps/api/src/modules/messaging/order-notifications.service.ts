import { Inject, Injectable } from '@nestjs/common';
import { formatKes } from '@sokoni/contracts';
import type { Database, Kysely } from '@sokoni/db';
import type { Logger } from 'pino';
import { TenantDb } from '../../platform/tenant-db';
import { DB, LOGGER } from '../../platform/tokens';
import { OrdersService } from '../orders/orders.service';
import { MpesaSettingsService } from '../payments/mpesa-settings.service';
import { MessageSender, type SendOutcome } from './message-sender.service';
import { howToPay, paysAtDoor } from './how-to-pay';
import { NO_SMS_FALLBACK } from './messaging-rules';
import { MessagingRepository } from './messaging.repository';
import type { Mailer } from './providers/mailer';
import { MAILER } from './providers/messaging-providers.module';
import type { MessageFacts, NotificationKind } from './templates';
import type { RequestContext } from '../../platform/request-context';

/** A claim ('sending') older than this is taken to be from a worker that died mid-send. */
const STALE_CLAIM_MS = 5 * 60_000;

/**
 * What an order owes its shopper (the order_notifications outbox, sent by MessageSender:
 * WhatsApp first, SMS when WhatsApp cannot reach them), the SMS fallback for a WhatsApp message
 * that failed later, and the owners' email about a paid order. Every send goes through the
 * notifications queue.
 */
@Injectable()
export class OrderNotificationsService {
  constructor(
    private readonly repository: MessagingRepository,
    private readonly sender: MessageSender,
    private readonly orders: OrdersService,
    private readonly mpesa: MpesaSettingsService,
    private readonly tenantDb: TenantDb,
    @Inject(DB) private readonly db: Kysely<Database>,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(MAILER) private readonly mailer: Mailer,
  ) {}

  /**
   * Sends what an order owes its shopper, once. The outbox row is claimed first (so a second
   * worker, or a re-queued job, finds it taken), the provider is called outside any
   * transaction, and the outcome is written back. A transient failure releases the claim and
   * throws, so BullMQ retries with backoff.
   */
  async deliverNotification(ctx: RequestContext, orderId: string, kind: string): Promise<string> {
    const claim = await this.tenantDb.run(ctx, async (trx) => {
      const row = await this.repository.lockNotification(trx, orderId, kind);
      if (!row) return { go: false as const, why: 'nothing_owed' };
      if (row.status === 'sent' || row.status === 'skipped' || row.status === 'failed')
        return { go: false as const, why: `already_${row.status}` };
      if (row.status === 'sending' && Date.now() - new Date(row.updated_at).getTime() < STALE_CLAIM_MS)
        return { go: false as const, why: 'in_progress' };
      await this.repository.setNotification(trx, orderId, kind, 'sending', null, true);
      return { go: true as const, data: row.data };
    });
    if (!claim.go) return claim.why;

    let outcome: SendOutcome;
    try {
      outcome = await this.sendOrderMessage(ctx, orderId, kind as NotificationKind, claim.data);
    } catch (error) {
      await this.tenantDb.run(ctx, (trx) =>
        this.repository.setNotification(trx, orderId, kind, 'queued', (error as Error).message.slice(0, 300)),
      );
      throw error;
    }
    const status = outcome.channel ? 'sent' : outcome.reason.startsWith('failed') ? 'failed' : 'skipped';
    await this.tenantDb.run(ctx, (trx) =>
      this.repository.setNotification(trx, orderId, kind, status, outcome.channel ?? outcome.reason),
    );
    if (kind === 'order_paid')
      await this.alertOwners(ctx, orderId).catch((error: unknown) =>
        this.logger.warn({ err: error, order_id: orderId }, 'owner email alert failed'),
      );
    return outcome.channel ?? outcome.reason;
  }

  /**
   * The outbox relay: notifications owed whose job was lost or whose worker died mid-send. Crosses
   * tenants on purpose: finds them in every store, then delivers each in its own tenant.
   */
  async acrossTenantsRelayDue(ctx: RequestContext): Promise<number> {
    const due = await this.repository.notificationsDue(this.db, 60, 200);
    for (const n of due)
      await this.deliverNotification(ctx.withTenant({ tenantId: n.tenant_id }), n.order_id, n.kind).catch(
        (error: unknown) =>
          this.logger.warn({ err: error, order_id: n.order_id, kind: n.kind }, 'relay: send failed, will retry'),
      );
    return due.length;
  }

  /** WhatsApp failed for a shopper after acceptance (a `failed` status): the same words by SMS, once. */
  async smsFallback(ctx: RequestContext, messageId: string): Promise<string> {
    const original = await this.tenantDb.run(ctx, async (trx) => {
      const m = await this.repository.messageById(trx, messageId);
      if (!m || m.channel !== 'whatsapp' || m.direction !== 'out' || !m.phone) return null;
      if (await this.repository.fallbackOf(trx, messageId)) return null;
      return m;
    });
    if (!original) return 'not_needed';
    if (NO_SMS_FALLBACK.has(original.kind)) return 'not_for_this_kind';
    const prefs = await this.tenantDb.run(ctx, (trx) => this.repository.preferences(trx, original.phone!));
    if (prefs?.opted_out && original.kind === 'cart_reminder') return 'opted_out';
    const id = await this.sender.sendSms(ctx, {
      phone: original.phone!,
      kind: original.kind,
      orderId: original.order_id,
      body: original.body,
      fallbackOf: original.id,
    });
    return id ? 'sent' : 'failed';
  }

  private async sendOrderMessage(
    ctx: RequestContext,
    orderId: string,
    kind: NotificationKind,
    data: Record<string, unknown>,
  ): Promise<SendOutcome> {
    const { order, settings, store, prefs } = await this.tenantDb.run(ctx, async (trx) => {
      const order = await this.orders.getWithin(trx, orderId);
      return {
        order,
        settings: await this.repository.settings(trx),
        store: await this.repository.store(trx),
        prefs: await this.repository.preferences(trx, order.phone),
      };
    });
    if (kind === 'order_placed' && order.status !== 'pending_payment')
      return { channel: null, reason: 'skipped_already_paid' };
    if (settings && !settings.order_updates) return { channel: null, reason: 'skipped_store_off' };
    if (prefs?.opted_out) return { channel: null, reason: 'skipped_opted_out' };
    // A pay-on-delivery order is paid at the door: its "order placed" names no till or paybill.
    const mpesa = kind === 'order_placed' && !paysAtDoor(order) ? await this.mpesa.load(ctx) : null;
    const facts: MessageFacts = {
      storeName: store.name,
      customerName: order.customerName,
      orderNumber: order.number,
      orderId: order.id,
      storeSlug: store.slug,
      totalKes: order.totalKes,
      receipt: typeof data.receipt === 'string' ? data.receipt : null,
      amountKes: typeof data.amountKes === 'number' ? data.amountKes : order.totalKes,
      rider:
        typeof data.riderName === 'string'
          ? data.riderName
          : typeof data.agentName === 'string'
            ? `pickup point ${data.agentName}`
            : null,
      eta: typeof data.agentName === 'string' ? 'ready for pickup within 1-2 days' : 'today',
      // The shopper's order page (tracking, cancel, return): the link is the key to it.
      link: this.orders.pageUrl(store.slug, order.id),
      note: typeof data.note === 'string' ? data.note : null,
      ...howToPay(order, mpesa),
    };
    if (kind === 'order_paid' && !facts.receipt) {
      // The receipt may have come after the notification was owed (paid by STK Query first). If
      // it is still unknown the message says "receipt to follow", marked in the same transaction
      // (the order_paid row locked) so the payment_receipt message knows it is owed (issue 13).
      facts.receipt = await this.tenantDb.run(ctx, async (trx) => {
        await this.repository.lockNotification(trx, orderId, 'order_paid');
        const receipt = await this.repository.receiptOfPaidOrder(trx, orderId);
        if (!receipt) await this.repository.markReceiptToFollow(trx, orderId);
        return receipt;
      });
    }
    if (kind === 'payment_receipt') {
      // Sent only when the "paid" message went out without the receipt; otherwise it carried it.
      const follow = await this.tenantDb.run(ctx, async (trx) => {
        const paidRow = await this.repository.lockNotification(trx, orderId, 'order_paid');
        return Boolean(paidRow && paidRow.data.receiptToFollow === true);
      });
      if (!follow) return { channel: null, reason: 'skipped_receipt_in_paid_message' };
      facts.receipt ??= await this.tenantDb.run(ctx, (trx) => this.repository.receiptOfPaidOrder(trx, orderId));
    }
    return this.sender.send(ctx, settings ?? null, {
      phone: order.phone,
      kind,
      orderId,
      language: prefs?.language ?? settings?.language ?? 'en',
      facts,
    });
  }

  private async alertOwners(ctx: RequestContext, orderId: string): Promise<void> {
    const { settings, store, order } = await this.tenantDb.run(ctx, async (trx) => ({
      settings: await this.repository.settings(trx),
      store: await this.repository.store(trx),
      order: await this.orders.getWithin(trx, orderId),
    }));
    if (settings && !settings.owner_email_alerts) return;
    const lines = order.items.map((i) => `  ${i.quantity} x ${i.title} — ${formatKes(i.lineTotalKes)}`).join('\n');
    const text = `New paid order #${order.number} at ${store.name}: ${formatKes(order.totalKes)}\n\n${lines}\n\nCustomer: ${order.customerName}, ${order.phone}\nDelivery: ${order.deliveryMethod} to ${order.areaSlug}${order.landmark ? ` (${order.landmark})` : ''}\n`;
    for (const email of store.ownerEmails) {
      const providerId = await this.mailer.send(
        email,
        `Paid: order #${order.number} (${formatKes(order.totalKes)})`,
        text,
      );
      await this.tenantDb.run(ctx, (trx) =>
        this.repository.insertMessage(trx, {
          tenant_id: ctx.tenantId,
          direction: 'out',
          channel: 'email',
          kind: 'owner_order_paid',
          order_id: orderId,
          email,
          body: text,
          provider_message_id: providerId,
          status: 'sent',
        }),
      );
    }
  }
}
