import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { PATH_METADATA } from '@nestjs/common/constants';
import { PERMISSION_KEY, PUBLIC_KEY } from './auth.decorators';

/**
 * Start-up check: every handler of a controller under v1/owner declares @RequirePermission or
 * @PublicEndpoint. A new owner endpoint without one stops the API from booting (so every test
 * fails) instead of shipping an endpoint anyone may call.
 */
@Injectable()
export class OwnerRoutesCheck implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const undeclared: string[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const { metatype, instance } = wrapper;
      if (!metatype || !instance) continue;
      const path = String(Reflect.getMetadata(PATH_METADATA, metatype) ?? '');
      if (!/^\/?v1\/owner(\/|$)/.test(path)) continue;
      for (const method of this.scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
        const handler = (instance as Record<string, unknown>)[method];
        if (typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const declared = this.reflector.getAllAndOverride(PERMISSION_KEY, [handler, metatype])
          ?? this.reflector.getAllAndOverride(PUBLIC_KEY, [handler, metatype]);
        if (!declared) undeclared.push(`${metatype.name}.${method}`);
      }
    }
    if (undeclared.length) {
      throw new Error(`owner endpoints without a permission declaration: ${undeclared.join(', ')}`);
    }
  }
}
