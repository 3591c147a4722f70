import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { OwnerAutomaticPromotionsService } from './owner-automatic.service';
import { OwnerCouponBatchesService } from './owner-coupon-batches.service';
import { OwnerCouponsService } from './owner-coupons.service';
import { OwnerPromotionsController } from './owner-promotions.controller';
import { OwnerPromotionsRepository } from './owner-promotions.repository';
import { PromotionsRepository } from './promotions.repository';
import { PromotionsService } from './promotions.service';
import { StorefrontPromotionsController } from './storefront-promotions.controller';

@Module({
  imports: [AuthModule, TenancyModule],
  controllers: [OwnerPromotionsController, StorefrontPromotionsController],
  providers: [
    PromotionsRepository,
    PromotionsService,
    OwnerPromotionsRepository,
    OwnerCouponsService,
    OwnerCouponBatchesService,
    OwnerAutomaticPromotionsService,
  ],
  exports: [PromotionsService],
})
export class PromotionsModule {}
