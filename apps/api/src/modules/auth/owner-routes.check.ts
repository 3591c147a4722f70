import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { discoverOwnerRoutes, type OwnerRoute } from './owner-routes';

/**
 * Start-up check: every handler of a controller under v1/owner declares @RequirePermission or
 * @PublicEndpoint. A new owner endpoint without one stops the API from booting (so every test
 * fails) instead of shipping an endpoint anyone may call. Also serves the list to
 * GET /v1/owner/auth/routes (same discovery), which the RBAC matrix test walks.
 */
@Injectable()
export class OwnerRoutesCheck implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  routes(): OwnerRoute[] {
    return discoverOwnerRoutes(this.discovery, this.scanner, this.reflector);
  }

  onModuleInit(): void {
    const undeclared = this.routes()
      .filter((r) => r.permission === null)
      .map((r) => r.handler);
    if (undeclared.length) {
      throw new Error(`owner endpoints without a permission declaration: ${[...new Set(undeclared)].join(', ')}`);
    }
  }
}
