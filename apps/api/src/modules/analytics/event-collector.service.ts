import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { Metrics } from '../../platform/metrics';
import { RedisKeys } from '../../platform/redis';
import { QUEUES, REDIS } from '../../platform/tokens';
import { enqueue, type QueueName } from '../../queues/queues';
import type { CollectorBatch } from './collector.schema';
import type { RequestContext } from '../../platform/request-context';

/** Crawlers and link-preview fetchers: not shoppers, never counted. */
const BOT_USER_AGENT =
  /bot|crawl|spider|slurp|bingpreview|facebookexternalhit|whatsapp|lighthouse|pingdom|curl\/|wget\//i;
/** Live counters read the last few thousand events; Postgres keeps the history. */
export const STREAM_MAX_LENGTH = 10_000;

export interface StoredEvent {
  occurredAt: string;
  clientAt: string;
  type: CollectorBatch['events'][number]['type'];
  sessionId: string;
  path: string;
  productSlug: string | null;
  sku: string | null;
  query: string | null;
  resultCount: number | null;
  quantity: number | null;
  referrer: string | null;
  channel: 'web' | 'whatsapp' | 'link';
  areaSlug?: string | null;
  device: 'mobile' | 'tablet' | 'desktop';
}

export type IngestJobData = { events: StoredEvent[] };

export function deviceClass(userAgent: string): 'mobile' | 'tablet' | 'desktop' {
  if (/ipad|tablet|sm-t\d/i.test(userAgent)) return 'tablet';
  if (/mobi|android|iphone/i.test(userAgent)) return 'mobile';
  return 'desktop';
}

/**
 * Accepts a beacon batch: drops bots, stamps server time, appends to the store's Redis stream
 * (live counters) and queues the batch for the worker to write into the events table, so the
 * beacon is answered without waiting on Postgres.
 */
@Injectable()
export class EventCollectorService {
  constructor(
    @Inject(QUEUES) private readonly queues: Map<QueueName, Queue>,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly metrics: Metrics,
  ) {}

  async collect(
    ctx: RequestContext,
    batch: CollectorBatch,
    userAgent: string,
  ): Promise<{ accepted: number; dropped: number }> {
    if (!userAgent || BOT_USER_AGENT.test(userAgent)) {
      this.metrics.eventsReceived.inc({ outcome: 'bot' }, batch.events.length);
      return { accepted: 0, dropped: batch.events.length };
    }
    const now = new Date();
    const device = deviceClass(userAgent);
    const events: StoredEvent[] = batch.events.map((e) => ({
      occurredAt: now.toISOString(),
      // A client clock far off (or in the future) is kept as sent but never trusted for time.
      clientAt: new Date(e.at).toISOString(),
      type: e.type,
      sessionId: e.sessionId,
      path: e.path,
      productSlug: e.productSlug ?? null,
      sku: e.sku ?? null,
      query: e.query ?? null,
      resultCount: e.resultCount ?? null,
      quantity: e.quantity ?? null,
      referrer: e.referrer ?? null,
      channel: e.channel,
      areaSlug: e.areaSlug ?? null,
      device,
    }));
    const stream = this.keys.tenant(ctx.tenantId, 'events');
    const pipeline = this.redis.pipeline();
    for (const e of events)
      pipeline.xadd(
        stream,
        'MAXLEN',
        '~',
        String(STREAM_MAX_LENGTH),
        '*',
        'type',
        e.type,
        'session',
        e.sessionId,
        'product',
        e.productSlug ?? '',
        'channel',
        e.channel,
        'area',
        e.areaSlug ?? '',
      );
    await pipeline.exec();
    await enqueue(this.queues.get('analytics')!, 'events.ingest', ctx.tenantId, { events });
    this.metrics.eventsReceived.inc({ outcome: 'accepted' }, events.length);
    return { accepted: events.length, dropped: 0 };
  }
}
