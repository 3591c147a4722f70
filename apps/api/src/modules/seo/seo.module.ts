import { Module } from '@nestjs/common';
import { TenancyModule } from '../tenancy/tenancy.module';
import { SitemapController } from './sitemap.controller';
import { SitemapRepository } from './sitemap.repository';
import { SitemapService } from './sitemap.service';

@Module({
  imports: [TenancyModule],
  controllers: [SitemapController],
  providers: [SitemapRepository, SitemapService],
  exports: [SitemapService],
})
export class SeoModule {}
