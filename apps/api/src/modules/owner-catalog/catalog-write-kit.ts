import { Injectable } from '@nestjs/common';
import { TenantDb } from '../../platform/tenant-db';
import { AuditService } from '../audit/audit.service';
import { TenancyRepository } from '../tenancy/tenancy.repository';
import { CatalogChangeNotifier } from './catalog-change.notifier';
import { OwnerCatalogRepository } from './owner-catalog.repository';

/**
 * What every owner-catalog write service works with: the catalog's SQL, the store row (its slug
 * names the storefront caches to drop), the tenant transaction, the audit trail and the change
 * notifier. One provider injected as `kit` instead of the same five injections in each service.
 */
@Injectable()
export class CatalogWriteKit {
  constructor(
    readonly repository: OwnerCatalogRepository,
    readonly tenancy: TenancyRepository,
    readonly tenantDb: TenantDb,
    readonly audit: AuditService,
    readonly notifier: CatalogChangeNotifier,
  ) {}
}
