import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { AppConfig } from '../../config/config';
import { TenantDb } from '../../platform/tenant-db';
import { CONFIG, QUEUES } from '../../platform/tokens';
import { enqueue, type QueueName } from '../../queues/queues';
import { CartService } from '../cart/cart.service';
import { MessageSender } from './message-sender.service';
import { MessagingRepository } from './messaging.repository';
import type { MessageFacts } from './templates';
import type { RequestContext } from '../../platform/request-context';

/** Abandoned-cart reminders, for stores that want them. */
@Injectable()
export class CartNudgesService {
  constructor(
    private readonly repository: MessagingRepository,
    private readonly carts: CartService,
    private readonly tenantDb: TenantDb,
    private readonly sender: MessageSender,
    @Inject(QUEUES) private readonly queues: Map<QueueName, Queue>,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * An abandoned cart, checked a while after it got a phone number: one reminder (a template:
   * we are outside any conversation), only if the store opted in, the cart still holds items
   * (placing an order empties it), it has not moved for the store's delay, and the shopper has
   * not said STOP. Never twice for one cart.
   */
  async nudgeCart(ctx: RequestContext, cartId: string): Promise<string> {
    const settings = await this.tenantDb.run(ctx, (trx) => this.repository.settings(trx));
    if (!settings?.abandoned_cart_nudge) return 'store_not_opted_in';
    const cart = await this.carts.stalled(ctx, cartId);
    if (!cart || !cart.phone) return 'no_cart_or_phone';
    if (cart.lines === 0) return 'cart_empty';
    const dueAt = cart.updatedAt + settings.abandoned_cart_after_minutes * 60_000;
    if (dueAt > Date.now()) {
      // Still being worked on: look again when it would be due.
      await enqueue(
        this.queues.get('notifications')!,
        'cart.nudge',
        ctx.tenantId,
        { cartId },
        { delay: dueAt - Date.now() + 1_000, jobId: `nudge-${cartId}-${cart.updatedAt}` },
      );
      return 'not_yet';
    }
    const phone = cart.phone;
    const claimed = await this.tenantDb.run(ctx, async (trx) => {
      const prefs = await this.repository.preferences(trx, phone);
      if (prefs?.opted_out) return 'opted_out';
      return (await this.repository.claimNudge(trx, ctx.tenantId, cartId, phone, 'sending'))
        ? 'claimed'
        : 'already_nudged';
    });
    if (claimed !== 'claimed') return claimed;
    const store = await this.tenantDb.run(ctx, (trx) => this.repository.store(trx));
    const link = `${this.config.STOREFRONT_URL_TEMPLATE.replace('{slug}', store.slug)}/cart/shared/${cart.shareToken}`;
    const facts: MessageFacts = { storeName: store.name, customerName: 'there', link };
    const outcome = await this.sender.send(ctx, settings, {
      phone,
      kind: 'cart_reminder',
      orderId: null,
      language: settings.language,
      facts,
    });
    await this.tenantDb.run(ctx, (trx) =>
      this.repository.setNudge(
        trx,
        cartId,
        outcome.channel ? 'sent' : outcome.reason,
        outcome.channel ? outcome.messageId : null,
      ),
    );
    return outcome.channel ? 'sent' : outcome.reason;
  }
}
