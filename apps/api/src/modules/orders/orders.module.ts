import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { RateLimiter } from '../auth/rate-limiter';
import { CartModule } from '../cart/cart.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { EtimsModule } from '../etims/etims.module';
import { OwnerCatalogModule } from '../owner-catalog/owner-catalog.module';
import { PromotionsModule } from '../promotions/promotions.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { CheckoutService } from './checkout.service';
import { OrderIdempotencyStore } from './order-idempotency.store';
import { OrderPlacementService } from './order-placement.service';
import { OrderReservations } from './order-reservations.service';
import { CheckoutController, OrdersController } from './orders.controller';
import { OrdersRepository } from './orders.repository';
import { OrderInvoiceService } from './order-invoice.service';
import { OrdersService } from './orders.service';
import { OwnerOrdersController } from './owner-orders.controller';
import { OwnerOrdersService } from './owner-orders.service';
import { PlacedOrderFollowUps } from './placed-order.follow-ups';
import { PodCollection } from './pay-on-delivery/pod-collection.service';
import { PodRepository } from './pay-on-delivery/pod.repository';
import { PodRules } from './pay-on-delivery/pod-rules.service';
import { fromConfig } from '../../platform/config-provider';
import { ORDER_ARCHIVE_FILES, OrderArchiveFiles } from './archive/order-archive-files';
import { OrderArchiveMetrics } from './archive/order-archive-metrics';
import { OrderArchiveRepository } from './archive/order-archive.repository';
import { OrderArchiver } from './archive/order-archiver.service';
import { OrderArchivesService } from './archive/order-archives.service';
import { OwnerOrderArchivesController } from './archive/order-archives.controller';

@Module({
  imports: [AuthModule, CartModule, DeliveryModule, OwnerCatalogModule, PromotionsModule, TenancyModule, EtimsModule],
  controllers: [OrdersController, CheckoutController, OwnerOrdersController, OwnerOrderArchivesController],
  // RateLimiter (Redis counters, no state of its own) for the per-address order limit.
  providers: [
    OrdersRepository,
    OrdersService,
    OrderInvoiceService,
    OrderReservations,
    OrderPlacementService,
    CheckoutService,
    OrderIdempotencyStore,
    PlacedOrderFollowUps,
    OwnerOrdersService,
    RateLimiter,
    // Pay on delivery's rules (checkout) and collection (settlement); its owner side is PayOnDeliveryModule.
    PodRepository,
    PodRules,
    PodCollection,
    // Retention (ARCHITECTURE.md "Orders at scale"): the monthly archive job and the owner's list of archives.
    OrderArchiveRepository,
    OrderArchiver,
    OrderArchivesService,
    OrderArchiveMetrics,
    fromConfig(ORDER_ARCHIVE_FILES, (config) => new OrderArchiveFiles(config.mediaStorage)),
  ],
  exports: [
    OrdersService,
    OrdersRepository,
    OrderPlacementService,
    CheckoutService,
    PodCollection,
    PodRepository,
    OrderArchiver,
  ],
})
export class OrdersModule {}
