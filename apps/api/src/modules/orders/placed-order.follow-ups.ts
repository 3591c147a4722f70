import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config';
import { CONFIG, LOGGER, QUEUES } from '../../platform/tokens';
import { enqueue, type QueueName } from '../../queues/queues';
import { RateLimiter, type Limit } from '../auth/rate-limiter';
import { CartService } from '../cart/cart.service';
import { queueNotification } from './order-notifications';
import type { RequestContext } from '../../platform/request-context';

/** How long stock stays reserved for an unpaid order. */
export const RESERVATION_MINUTES = 15;

/**
 * Orders one client address may place at one store per window. Each order holds stock for
 * RESERVATION_MINUTES, so without it one address could hold a store's stock by placing unpaid
 * orders. Generous on purpose: many shoppers share one address behind a mobile carrier's NAT.
 * Only orders actually placed count (not replays of an Idempotency-Key, not refusals).
 */
export const ORDERS_PER_ADDRESS: Limit = {
  name: 'orders:ip',
  max: 20,
  windowSeconds: 10 * 60,
  message: 'Too many orders placed from your network at this shop. Try again in {wait}.',
};

export type AddressScope = { tenantId: string; subject: string };

/**
 * What follows a committed order: it counts against its address, the cart is emptied, the
 * reservation's expiry and the "order placed" message are queued. None of it may turn the
 * committed order into an error for the shopper.
 */
@Injectable()
export class PlacedOrderFollowUps {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly carts: CartService,
    @Inject(QUEUES) private readonly queues: Map<QueueName, Queue>,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  /** Checked before the order exists, counted once it does (see afterCommit). */
  async checkAddressLimit(addressScope: AddressScope): Promise<void> {
    await this.limiter.check(ORDERS_PER_ADDRESS, addressScope);
  }

  async afterCommit(
    ctx: RequestContext,
    orderId: string,
    addressScope: AddressScope,
    cartId: string | null,
  ): Promise<void> {
    // The order is committed: failing to count it must not turn it into an error for the shopper.
    await this.limiter
      .record(ORDERS_PER_ADDRESS, addressScope)
      .catch((error: unknown) =>
        this.logger.warn({ err: error, order_id: orderId }, 'could not count the order against its address limit'),
      );
    if (cartId) await this.carts.clear(ctx, cartId);
    // The order is committed: a queue hiccup must not turn it into an error for the shopper.
    // The minute sweeper expires the reservation even if this job is never added.
    await enqueue(
      this.queues.get('payments')!,
      'order.expire-reservation',
      ctx.tenantId,
      { orderId },
      {
        delay: RESERVATION_MINUTES * 60_000 + 5_000,
        jobId: `expire-${orderId}`,
      },
    ).catch((error: unknown) =>
      this.logger.warn({ err: error, order_id: orderId }, 'could not queue reservation expiry; the sweeper will'),
    );
    // "Your order is reserved, pay to ..." only if it is still unpaid a little later.
    await queueNotification(
      this.queues.get('notifications')!,
      this.logger,
      ctx.tenantId,
      orderId,
      'order_placed',
      this.config.ORDER_PLACED_MESSAGE_AFTER_MS,
    );
  }
}
