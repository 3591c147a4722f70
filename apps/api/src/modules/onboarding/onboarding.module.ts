import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { MediaModule } from '../media/media.module';
import { MessagingModule } from '../messaging/messaging.module';
import { OrdersModule } from '../orders/orders.module';
import { OwnerCatalogModule } from '../owner-catalog/owner-catalog.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { OnboardingController, OwnerOnboardingController } from './onboarding.controller';
import { OnboardingRepository } from './onboarding.repository';
import { OnboardingService } from './onboarding.service';
import { StarterPictures } from './starter-pictures';
import { StarterProductsService } from './starter-products.service';
import { StoreProvisioning } from './store-provisioning';
import { StorePublishService } from './store-publish.service';
import { StoreSignUpService } from './store-signup.service';

/**
 * The store creation wizard: sign-up, steps saved as the owner goes, publish. See CONTRACT.md.
 * A new store's rows that belong to other modules (tenant, owner, signing secret, order counter,
 * delivery and messaging settings, categories, pictures) are written through those modules' services.
 */
@Module({
  imports: [AuthModule, DeliveryModule, MediaModule, MessagingModule, OrdersModule, OwnerCatalogModule, TenancyModule],
  controllers: [OnboardingController, OwnerOnboardingController],
  providers: [
    OnboardingRepository,
    OnboardingService,
    StoreSignUpService,
    StoreProvisioning,
    StorePublishService,
    StarterProductsService,
    StarterPictures,
  ],
  exports: [OnboardingService],
})
export class OnboardingModule {}
