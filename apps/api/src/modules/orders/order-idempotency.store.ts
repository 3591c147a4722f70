import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RedisKeys } from '../../platform/redis';
import { REDIS } from '../../platform/tokens';

const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

/**
 * The fast answer to a repeated Idempotency-Key: Redis remembers "<order id>:<request hash>" for
 * a day. Only a shortcut: the orders table's unique (tenant, key) constraint is the truth.
 */
@Injectable()
export class OrderIdempotencyStore {
  constructor(
    private readonly keys: RedisKeys,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** "<order id>:<request hash>" of the order this key placed, when Redis still has it. */
  async known(tenantId: string, idempotencyKey: string): Promise<string | null> {
    return this.redis.get(this.key(tenantId, idempotencyKey));
  }

  async remember(tenantId: string, idempotencyKey: string, orderId: string, requestHash: string): Promise<void> {
    await this.redis.set(
      this.key(tenantId, idempotencyKey),
      `${orderId}:${requestHash}`,
      'EX',
      IDEMPOTENCY_TTL_SECONDS,
    );
  }

  private key(tenantId: string, idempotencyKey: string): string {
    return this.keys.tenant(tenantId, 'idempotency', 'order', idempotencyKey);
  }
}
