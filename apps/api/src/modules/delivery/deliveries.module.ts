import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { OrdersModule } from '../orders/orders.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { DeliveriesRepository } from './deliveries.repository';
import { DeliveriesService } from './deliveries.service';
import { DeliveryAgentsController } from './delivery-agents.controller';
import { DeliveryAgentsService } from './delivery-agents.service';
import { DeliveryDispatchService } from './delivery-dispatch.service';
import { DeliveryRefusalService } from './delivery-refusal.service';
import { DeliveryUpdatesService } from './delivery-updates.service';
import { DeliveryWebhookController } from './delivery-webhook.controller';
import { DeliveryWebhookService } from './delivery-webhook.service';
import { OwnerDeliveriesController } from './owner-deliveries.controller';
import { DELIVERY_PARTNER } from './partner/delivery-partner';
import { PickupMtaaniPartner } from './partner/pickup-mtaani.partner';
import { PartnerParcelBooking } from './partner-parcel-booking';
import { fromConfig } from '../../platform/config-provider';

/**
 * Deliveries (records, trail, dispatch, partner adapter). Separate from DeliveryModule (zones
 * and quotes) because it needs OrdersService, and OrdersModule already needs DeliveryModule for
 * quotes: two modules keep the dependency one-way.
 */
@Module({
  imports: [AuthModule, OrdersModule, TenancyModule],
  controllers: [OwnerDeliveriesController, DeliveryWebhookController, DeliveryAgentsController],
  providers: [
    DeliveriesRepository,
    DeliveriesService,
    DeliveryDispatchService,
    DeliveryRefusalService,
    DeliveryUpdatesService,
    DeliveryWebhookService,
    PartnerParcelBooking,
    DeliveryAgentsService,
    fromConfig(
      DELIVERY_PARTNER,
      (config) =>
        new PickupMtaaniPartner({
          baseUrl: config.DELIVERY_PARTNER_BASE_URL,
          apiKey: config.DELIVERY_PARTNER_API_KEY,
          timeoutMs: config.DELIVERY_PARTNER_TIMEOUT_MS,
        }),
    ),
  ],
  exports: [DeliveriesService, DeliveryRefusalService],
})
export class DeliveriesModule {}
