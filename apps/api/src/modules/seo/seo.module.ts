import { Module } from '@nestjs/common';
import { TenancyModule } from '../tenancy/tenancy.module';
import { PageWarmService } from './page-warm.service';
import { SitemapController } from './sitemap.controller';
import { SitemapRepository } from './sitemap.repository';
import { SitemapService } from './sitemap.service';

@Module({
  imports: [TenancyModule],
  controllers: [SitemapController],
  providers: [SitemapRepository, SitemapService, PageWarmService],
  exports: [SitemapService, PageWarmService],
})
export class SeoModule {}
