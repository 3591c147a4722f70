import { Redis } from 'ioredis';

/**
 * Key naming in one place. Tenant data lives under t:<tenant_id>: (DESIGN.md section 3); the
 * optional environment prefix lets several environments (or parallel test runs) share a Redis.
 */
export class RedisKeys {
  constructor(private readonly prefix: string) {}

  tenant(tenantId: string, ...parts: string[]): string {
    return `${this.prefix}t:${tenantId}:${parts.join(':')}`;
  }

  platform(...parts: string[]): string {
    return `${this.prefix}p:${parts.join(':')}`;
  }

  get raw(): string {
    return this.prefix;
  }
}

/**
 * role 'worker': BullMQ workers block on Redis and must retry forever (maxRetriesPerRequest null).
 * role 'http': request-path callers fail fast so a Redis outage is a quick 503, not a hang.
 */
export function createRedis(url: string, name: string, role: 'http' | 'worker'): Redis {
  return new Redis(url, {
    connectionName: name,
    maxRetriesPerRequest: role === 'worker' ? null : 2,
    connectTimeout: 5_000,
    enableReadyCheck: true,
  });
}
