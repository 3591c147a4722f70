import { Injectable } from '@nestjs/common';
import type { Order } from '@sokoni/contracts';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { can } from '@sokoni/contracts';
import { OrdersRepository, type OrderListFilters } from './orders.repository';
import { OrdersService } from './orders.service';
import type { RequestContext } from '../../platform/request-context';

/** Fulfilment moves owners and staff make by hand; paid/refunded come from the payment flow. */
export type OwnerStatusMove = 'packed' | 'dispatched' | 'delivered' | 'cancelled';

/** The owner dashboard's orders: the filtered list, one order, and the moves made by hand. */
@Injectable()
export class OwnerOrdersService {
  constructor(
    private readonly repository: OrdersRepository,
    private readonly orders: OrdersService,
    private readonly tenantDb: TenantDb,
  ) {}

  /** The owner's order list, newest first; every filter given must match (cursor = last number seen). */
  async list(ctx: RequestContext, filters: OrderListFilters, limit: number, before?: number) {
    return this.tenantDb.run(ctx, async (trx) => {
      const rows = await this.repository.list(trx, filters, limit + 1, before);
      const page = rows.slice(0, limit);
      return {
        items: await Promise.all(page.map((r) => this.orders.viewWithin(trx, r))),
        nextCursor: rows.length > limit ? page[page.length - 1]!.number : null,
      };
    });
  }

  async get(ctx: RequestContext, number: number): Promise<Order> {
    return this.orders.getByNumber(ctx, number);
  }

  async move(ctx: RequestContext, number: number, to: OwnerStatusMove, note: string | undefined): Promise<Order> {
    // A dispatched order always has a delivery record (who has it, where it is): those moves go
    // through the delivery endpoints, which write the record and this status together.
    if (to === 'dispatched' || to === 'delivered') {
      const endpoint = to === 'dispatched' ? 'dispatch' : 'delivered';
      throw new ApiError(
        409,
        'conflict',
        `Use POST /v1/owner/orders/${number}/${endpoint}: it records the delivery along with the order status`,
        { reason: 'use_delivery_endpoint', endpoint },
      );
    }
    // Cancelling money-bearing orders is a refund decision: not staff's to make.
    if (to === 'cancelled' && !can(ctx.owner.role, 'orders.refund')) {
      const current = await this.orders.getByNumber(ctx, number);
      if (current.status !== 'pending_payment')
        throw new ApiError(403, 'forbidden', 'Only an owner or admin may cancel a paid order', {
          permission: 'orders.refund',
        });
    }
    return this.orders.transition(ctx, number, to, { type: 'user', id: ctx.owner.userId }, note ? { note } : {});
  }
}
