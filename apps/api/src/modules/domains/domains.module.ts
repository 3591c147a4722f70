import { Module } from '@nestjs/common';
import type { AppConfig } from '../../config/config';
import { CONFIG } from '../../platform/tokens';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { SeoModule } from '../seo/seo.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { DNS_RESOLVER } from './dns-resolver';
import { DomainChecker } from './domain-checker.service';
import { DomainMetrics } from './domain-metrics';
import { DomainRoutingService } from './domain-routing.service';
import { createDnsResolver } from './domain-settings';
import { DomainRoutingController, OwnerDomainsController } from './domains.controller';
import { DomainsRepository } from './domains.repository';
import { DomainsService } from './domains.service';

/** Custom domains (docs/operate/custom-domains.md). */
@Module({
  imports: [AuditModule, AuthModule, TenancyModule, SeoModule],
  controllers: [OwnerDomainsController, DomainRoutingController],
  providers: [
    DomainsRepository,
    DomainsService,
    DomainChecker,
    DomainRoutingService,
    DomainMetrics,
    { provide: DNS_RESOLVER, useFactory: (config: AppConfig) => createDnsResolver(config), inject: [CONFIG] },
  ],
  exports: [DomainChecker, DomainRoutingService],
})
export class DomainsModule {}
