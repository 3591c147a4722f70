import { Inject, Injectable } from '@nestjs/common';
import type { Database, Kysely } from '@sokoni/db';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config';
import type { RequestContext } from '../../platform/request-context';
import { TenantDb } from '../../platform/tenant-db';
import { CONFIG, DB, LOGGER } from '../../platform/tokens';
import { MessageSender, type SendOutcome } from '../messaging/message-sender.service';
import { MessagingRepository } from '../messaging/messaging.repository';
import { render, type MessageFacts } from '../messaging/templates';
import { BackInStockMetrics } from './back-in-stock.metrics';
import { BackInStockRepository } from './back-in-stock.repository';

/** A claim ('sending') older than this is taken to be from a worker that died mid-send. */
const STALE_CLAIM_S = 5 * 60;

/**
 * Sends what a restock owes the shoppers who asked (the request rows are the outbox: the
 * restock's transaction marked them owed). One message per request: the row is claimed under a
 * row lock before WhatsApp or SMS is called, outside any transaction, and the outcome written
 * after; a second worker, a repeated sweep or a second restock finds it claimed or done.
 */
@Injectable()
export class BackInStockRelay {
  constructor(
    private readonly repository: BackInStockRepository,
    private readonly messaging: MessagingRepository,
    private readonly sender: MessageSender,
    private readonly tenantDb: TenantDb,
    private readonly metrics: BackInStockMetrics,
    @Inject(DB) private readonly db: Kysely<Database>,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The relay (worker, every BACK_IN_STOCK_RELAY_MS): owed requests of every store, and claims a
   * dead worker left. Crosses tenants on purpose: finds them all, then sends each in its own store.
   */
  async acrossTenantsRelayDue(ctx: RequestContext): Promise<{ due: number; sent: number }> {
    const due = await this.repository.due(this.db, STALE_CLAIM_S, 200);
    let sent = 0;
    for (const r of due) {
      const outcome = await this.deliver(ctx.withTenant({ tenantId: r.tenant_id }), r.id).catch((error: unknown) => {
        this.logger.warn({ err: error, request_id: r.id }, 'back in stock: send failed, will retry');
        return 'error';
      });
      if (outcome === 'whatsapp' || outcome === 'sms') sent++;
    }
    return { due: due.length, sent };
  }

  /** One request: claim, send, record. Returns the channel used or why nothing was sent. */
  async deliver(ctx: RequestContext, requestId: string): Promise<string> {
    const claim = await this.tenantDb.run(ctx, async (trx) => {
      const row = await this.repository.lockRequest(trx, ctx.tenantId, requestId);
      if (!row) return { go: false as const, why: 'gone' };
      if (row.status === 'sent' || row.status === 'skipped' || row.status === 'failed')
        return { go: false as const, why: `already_${row.status}` };
      if (row.status === 'waiting') return { go: false as const, why: 'not_owed' };
      if (row.status === 'sending' && Date.now() - new Date(row.updated_at).getTime() < STALE_CLAIM_S * 1000)
        return { go: false as const, why: 'in_progress' };
      if (row.on_hand <= 0) {
        // Sold out again before we got to it: "it's back" would be untrue. It waits for the next restock.
        await this.repository.setStatus(trx, ctx.tenantId, requestId, 'waiting', 'sold_out_again');
        return { go: false as const, why: 'sold_out_again' };
      }
      const prefs = await this.messaging.preferences(trx, row.phone);
      if (prefs?.opted_out) {
        // The shopper said STOP to this store after asking: their STOP wins.
        await this.repository.setStatus(trx, ctx.tenantId, requestId, 'skipped', 'skipped_opted_out');
        return { go: false as const, why: 'skipped_opted_out' };
      }
      await this.repository.setStatus(trx, ctx.tenantId, requestId, 'sending', null, { claim: true });
      return {
        go: true as const,
        row,
        settings: (await this.messaging.settings(trx)) ?? null,
        store: await this.messaging.store(trx),
      };
    });
    if (!claim.go) {
      if (claim.why === 'skipped_opted_out') this.metrics.events.inc({ event: 'skipped' });
      return claim.why;
    }
    const { row, settings, store } = claim;
    const storeUrl = this.config.STOREFRONT_URL_TEMPLATE.replace('{slug}', store.slug);
    const options = Object.values(row.options ?? {}).filter(Boolean);
    const facts: MessageFacts = {
      storeName: store.name,
      customerName: 'there',
      storeSlug: store.slug,
      storeUrl,
      productTitle: options.length ? `${row.product_title} (${options.join(' / ')})` : row.product_title,
      link: `${storeUrl}/products/${encodeURIComponent(row.product_slug)}`,
    };
    let outcome: SendOutcome;
    try {
      outcome =
        row.channel === 'sms'
          ? await this.sendSms(ctx, row.phone, row.language, facts)
          : await this.sender.send(ctx, settings, {
              phone: row.phone,
              kind: 'back_in_stock',
              orderId: null,
              language: row.language,
              facts,
            });
    } catch (error) {
      // Transient (provider down): owed again, the next sweep retries (attempts bound it).
      await this.tenantDb.run(ctx, (trx) =>
        this.repository.setStatus(trx, ctx.tenantId, requestId, 'owed', (error as Error).message.slice(0, 300)),
      );
      throw error;
    }
    const status = outcome.channel ? 'sent' : 'failed';
    await this.tenantDb.run(ctx, (trx) =>
      this.repository.setStatus(trx, ctx.tenantId, requestId, status, outcome.channel ?? outcome.reason, {
        messageId: outcome.channel ? outcome.messageId : null,
      }),
    );
    this.metrics.events.inc({ event: outcome.channel ? `sent_${outcome.channel}` : 'failed' });
    return outcome.channel ?? outcome.reason;
  }

  /** The shopper chose SMS: the same words as the WhatsApp template, by SMS only. */
  private async sendSms(
    ctx: RequestContext,
    phone: string,
    language: 'en' | 'sw',
    facts: MessageFacts,
  ): Promise<SendOutcome> {
    const body = render('back_in_stock', language, facts).text;
    const id = await this.sender.sendSms(ctx, { phone, kind: 'back_in_stock', orderId: null, body, fallbackOf: null });
    return id ? { channel: 'sms', messageId: id } : { channel: null, reason: 'failed_sms' };
  }
}
