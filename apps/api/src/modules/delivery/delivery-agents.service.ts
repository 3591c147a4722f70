import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RedisKeys } from '../../platform/redis';
import { REDIS } from '../../platform/tokens';
import { partnerFailure } from './partner-failure';
import { DELIVERY_PARTNER, type Agent, type DeliveryPartner } from './partner/delivery-partner';

/**
 * The partner's agent points change rarely and are the same for every store: cached
 * platform-wide (p:delivery-partner:<partner>:agents:<area|_all>) for five minutes, so a busy
 * checkout does not call the partner for every shopper.
 */
export const AGENTS_TTL_SECONDS = 300;

@Injectable()
export class DeliveryAgentsService {
  constructor(
    @Inject(DELIVERY_PARTNER) private readonly partner: DeliveryPartner,
    private readonly keys: RedisKeys,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** Agent points in an area (our area slugs), or all of them. */
  async list(areaSlug?: string): Promise<Agent[]> {
    const key = this.keys.platform('delivery-partner', this.partner.name, 'agents', areaSlug ?? '_all');
    const cached = await this.redis.get(key);
    if (cached) return JSON.parse(cached) as Agent[];
    return this.refresh(key, areaSlug);
  }

  /** One agent point; a miss in the cached list asks the partner again (it may be brand new). */
  async find(agentId: string): Promise<Agent | null> {
    const cached = (await this.list()).find((a) => a.id === agentId);
    if (cached) return cached;
    const fresh = await this.refresh(
      this.keys.platform('delivery-partner', this.partner.name, 'agents', '_all'),
      undefined,
    );
    return fresh.find((a) => a.id === agentId) ?? null;
  }

  private async refresh(key: string, areaSlug: string | undefined): Promise<Agent[]> {
    const agents = await this.partner.listAgents(areaSlug).catch((error: unknown) => {
      throw partnerFailure(error);
    });
    await this.redis.set(key, JSON.stringify(agents), 'EX', AGENTS_TTL_SECONDS);
    return agents;
  }
}
