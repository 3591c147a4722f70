import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { PERMISSION_KEY, PUBLIC_KEY } from './auth.decorators';
import type { Permission } from '@sokoni/contracts';

export interface OwnerRoute {
  /** GET, POST, ... (ALL for @All). */
  method: string;
  /** As the HTTP server registers it, e.g. /v1/owner/catalog/products/:product. */
  path: string;
  /** The declared permission, 'public', or null when the handler declares nothing. */
  permission: Permission | 'public' | null;
  handler: string;
}

const OWNER_PREFIX = /^\/?v1\/owner(\/|$)/;

/** Nest's PATH_METADATA: one path or several, unset on a handler without its own path. */
type PathMetadata = string | string[] | undefined;

function paths(value: PathMetadata): string[] {
  if (Array.isArray(value)) return value.map(String);
  return [value === undefined ? '' : String(value)];
}

function join(...parts: string[]): string {
  const joined = parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/');
  return `/${joined}`;
}

/**
 * Every handler of every controller under /v1/owner with the permission it declares. The one
 * discovery used by the start-up check (OwnerRoutesCheck) and by GET /v1/owner/auth/routes.
 */
export function discoverOwnerRoutes(
  discovery: DiscoveryService,
  scanner: MetadataScanner,
  reflector: Reflector,
): OwnerRoute[] {
  const routes: OwnerRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const metatype = wrapper.metatype;
    const instance: unknown = wrapper.instance;
    if (!metatype || !instance) continue;
    const controllerPaths = paths(Reflect.getMetadata(PATH_METADATA, metatype) as PathMetadata);
    if (!controllerPaths.some((p) => OWNER_PREFIX.test(p))) continue;
    for (const name of scanner.getAllMethodNames(Object.getPrototypeOf(instance) as object | null)) {
      const handler = (instance as Record<string, unknown>)[name];
      if (typeof handler !== 'function') continue;
      const handlerPath = Reflect.getMetadata(PATH_METADATA, handler) as PathMetadata;
      if (handlerPath === undefined) continue;
      const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const method = RequestMethod[requestMethod ?? RequestMethod.GET] ?? 'GET';
      const permission = reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, [handler, metatype]);
      const isPublic = reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, [handler, metatype]);
      for (const base of controllerPaths) {
        if (!OWNER_PREFIX.test(base)) continue;
        for (const sub of paths(handlerPath)) {
          routes.push({
            method,
            path: join(base, sub),
            permission: permission ?? (isPublic ? 'public' : null),
            handler: `${metatype.name}.${name}`,
          });
        }
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}
