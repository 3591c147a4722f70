import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { MediaModule } from '../media/media.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { BrandPicturesService } from './brand-pictures.service';
import { BrandingService } from './branding.service';
import { StoreHomeService } from './store-home.service';
import { StoreLanguageService } from './store-language.service';
import { OwnerBrandingController, StoreHomeController } from './store-identity.controller';
import { StoreIdentityRepository } from './store-identity.repository';

/** Store identity: the look (brand colour, logo, hero, announcement, home sections) and business details. */
@Module({
  imports: [AuthModule, TenancyModule, MediaModule],
  controllers: [OwnerBrandingController, StoreHomeController],
  providers: [StoreIdentityRepository, BrandingService, BrandPicturesService, StoreHomeService, StoreLanguageService],
  exports: [BrandingService],
})
export class StoreIdentityModule {}
