import { Inject, Injectable } from '@nestjs/common';
import type { TenantTransaction } from '@sokoni/db';
import { TenantDb } from '../../platform/tenant-db';
import { DeliveriesRepository } from './deliveries.repository';
import { partnerFailure } from './partner-failure';
import { DELIVERY_PARTNER, type DeliveryPartner } from './partner/delivery-partner';
import type { RequestContext } from '../../platform/request-context';

/**
 * A pay-on-delivery order refused at the door (docs/pay-on-delivery.md): the order is cancelled
 * by the orders module; here its delivery ends too, so the record does not stay "out for delivery"
 * (or "delivered") for an order that came back.
 */
@Injectable()
export class DeliveryRefusalService {
  constructor(
    private readonly repository: DeliveriesRepository,
    private readonly tenantDb: TenantDb,
    @Inject(DELIVERY_PARTNER) private readonly partner: DeliveryPartner,
  ) {}

  /**
   * Before the refusal's transaction (partner calls never run inside one): a partner parcel the
   * partner has not collected yet (assigned) is cancelled at the partner, the same call a staff
   * cancel makes; a refusing partner or one that does not answer is a 409/503 and nothing changes.
   * A parcel the partner already holds cannot be cancelled there: it comes back as a failed
   * delivery. Returns whether a booking was cancelled.
   */
  async cancelPartnerBooking(ctx: RequestContext, orderId: string): Promise<boolean> {
    const live = await this.tenantDb.run(ctx, async (trx) =>
      (await this.repository.forOrder(trx, orderId)).find((d) => !['failed', 'cancelled'].includes(d.status)),
    );
    if (live?.method !== 'partner_pickup' || live.status !== 'assigned' || !live.partner_parcel_id) return false;
    await this.partner.cancelParcel(live.partner_parcel_id).catch((error: unknown) => {
      throw partnerFailure(error);
    });
    return true;
  }

  /**
   * In the caller's transaction (the order already locked: order before delivery, as every path
   * locks them): the live delivery becomes `failed` with the refusal in its trail. That includes
   * one a partner reported delivered: the money was never taken, so the parcel did not stay with
   * the shopper. Returns the delivery's id, or null when the order has no live delivery.
   */
  async refusedAtDoorWithin(
    trx: TenantTransaction,
    ctx: RequestContext,
    orderId: string,
    refusal: { actorId: string; note: string | undefined; partnerCancelled: boolean },
  ): Promise<string | null> {
    const live = await this.repository.lockLiveForOrder(trx, orderId);
    if (!live) return null;
    await this.repository.appendEvent(trx, {
      tenant_id: ctx.tenantId,
      delivery_id: live.id,
      status: 'failed',
      source: 'staff',
      actor_id: refusal.actorId,
      note: refusal.note ? `Refused at the door: ${refusal.note}` : 'Refused at the door',
      data: {
        reason: 'refused_at_door',
        from: live.status,
        ...(refusal.partnerCancelled ? { partnerCancelled: true } : {}),
      },
    });
    await this.repository.setStatus(trx, live.id, 'failed', new Date());
    return live.id;
  }
}
