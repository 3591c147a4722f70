import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { RateLimiter } from '../auth/rate-limiter';
import { CartModule } from '../cart/cart.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { PromotionsModule } from '../promotions/promotions.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { CheckoutController, OrdersController } from './orders.controller';
import { OrdersRepository } from './orders.repository';
import { OrdersService } from './orders.service';
import { OwnerOrdersController } from './owner-orders.controller';

@Module({
  imports: [AuthModule, CartModule, DeliveryModule, PromotionsModule, TenancyModule],
  controllers: [OrdersController, CheckoutController, OwnerOrdersController],
  // RateLimiter (Redis counters, no state of its own) for the per-address order limit.
  providers: [OrdersRepository, OrdersService, RateLimiter],
  exports: [OrdersService, OrdersRepository],
})
export class OrdersModule {}
