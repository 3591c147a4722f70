import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { CONFIG, LOGGER } from '../../platform/tokens';
import type { OrderRow } from '../orders/orders.service';
import { DeliveriesRepository } from './deliveries.repository';
import { DeliveryAgentsService } from './delivery-agents.service';
import { partnerFailure } from './partner-failure';
import { DELIVERY_PARTNER, type Agent, type DeliveryPartner } from './partner/delivery-partner';
import type { RequestContext } from '../../platform/request-context';

/**
 * The partner side of a dispatch: booking a parcel at an agent point (outside any transaction:
 * a slow partner must not hold the order's row lock) and cancelling one that could not be recorded.
 */
@Injectable()
export class PartnerParcelBooking {
  constructor(
    private readonly repository: DeliveriesRepository,
    private readonly agents: DeliveryAgentsService,
    private readonly tenantDb: TenantDb,
    @Inject(DELIVERY_PARTNER) private readonly partner: DeliveryPartner,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Books the order's parcel for this attempt at the agent point (400 when there is no such
   * point). The reference is derived from the order and attempt, so a double click books one
   * parcel, not two.
   */
  async book(
    store: { slug: string; name: string },
    order: OrderRow,
    attempt: number,
    agentId: string,
  ): Promise<{ agent: Agent; reference: string; parcelId: string }> {
    const agent = await this.agents.find(agentId);
    if (!agent) {
      throw new ApiError(
        400,
        'validation_failed',
        `There is no agent point "${agentId}": pick one from GET /v1/stores/${store.slug}/delivery/agents`,
        { where: 'body', field: 'agentId' },
      );
    }
    const book = (reference: string) =>
      this.partner
        .createParcel(
          {
            reference,
            orderNumber: order.number,
            senderName: store.name,
            customerName: order.customer_name,
            customerPhone: order.phone,
            valueKes: order.total_kes,
            callbackUrl: `${this.config.publicApiUrl}/v1/webhooks/delivery-partner/${store.slug}`,
          },
          agent.id,
        )
        .catch((error: unknown) => {
          throw partnerFailure(error);
        });
    let reference = `${order.id}-${attempt}`;
    let booked = await book(reference);
    if (booked.status !== 'assigned') {
      // This reference's parcel was booked before but never recorded, and has since been
      // cancelled (see releaseUnrecorded): book a new one.
      reference = `${order.id}-${attempt}-${randomBytes(3).toString('hex')}`;
      booked = await book(reference);
    }
    return { agent, reference, parcelId: booked.parcelId };
  }

  /**
   * The parcel was booked but recording it failed (someone else dispatched first, the order
   * changed). Unless a delivery holds this very parcel (the same reference returns the same
   * parcel, so a double click's winner may), cancel it at the partner so nobody drops it off.
   */
  async releaseUnrecorded(ctx: RequestContext, parcelId: string): Promise<void> {
    try {
      const held = await this.tenantDb.run(ctx, (trx) =>
        this.repository.lockByParcel(trx, this.partner.name, parcelId, false),
      );
      if (held) return;
      await this.partner.cancelParcel(parcelId);
      this.logger.warn({ parcel_id: parcelId }, 'cancelled a partner parcel that could not be recorded');
    } catch (error) {
      this.logger.error(
        { err: error, parcel_id: parcelId },
        'partner parcel booked but not recorded, and could not be cancelled: cancel it with the partner by hand',
      );
    }
  }
}
