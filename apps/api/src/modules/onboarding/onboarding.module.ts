import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { MediaModule } from '../media/media.module';
import { OwnerCatalogModule } from '../owner-catalog/owner-catalog.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { OnboardingController, OwnerOnboardingController } from './onboarding.controller';
import { OnboardingRepository } from './onboarding.repository';
import { OnboardingService } from './onboarding.service';

/** The store creation wizard: sign-up, steps saved as the owner goes, publish. See CONTRACT.md. */
@Module({
  imports: [AuthModule, MediaModule, OwnerCatalogModule, TenancyModule],
  controllers: [OnboardingController, OwnerOnboardingController],
  providers: [OnboardingRepository, OnboardingService],
  exports: [OnboardingService],
})
export class OnboardingModule {}
