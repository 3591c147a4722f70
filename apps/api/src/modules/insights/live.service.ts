import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RedisKeys } from '../../platform/redis';
import { REDIS } from '../../platform/tokens';
import { STREAM_MAX_LENGTH } from '../analytics/event-collector.service';
import type { RequestContext } from '../../platform/request-context';

export const LIVE_WINDOW_MS = 30 * 60_000;

/**
 * Live counters for the last 30 minutes, read from the store's Redis stream (the collector
 * XADDs every accepted event, trimmed to about STREAM_MAX_LENGTH entries). Entry ids are
 * millisecond timestamps, so the window is one XRANGE.
 */
@Injectable()
export class LiveService {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async counters(ctx: RequestContext, now = Date.now()) {
    const since = now - LIVE_WINDOW_MS;
    const stream = this.keys.tenant(ctx.tenantId, 'events');
    const entries = await this.redis.xrange(stream, `${since}-0`, '+', 'COUNT', STREAM_MAX_LENGTH + 1000);
    const counts = {
      views: 0,
      productViews: 0,
      searches: 0,
      carts: 0,
      checkouts: 0,
      paymentsStarted: 0,
      paid: 0,
      whatsappHandoffs: 0,
    };
    const sessions = new Set<string>();
    const perMinute = new Map<number, number>();
    for (const [id, fields] of entries) {
      const f: Record<string, string> = {};
      for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i]!] = fields[i + 1]!;
      if (f.session) sessions.add(f.session);
      const minute = Math.floor((Number(id.split('-')[0]) - since) / 60_000);
      perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
      switch (f.type) {
        case 'page_view':
          counts.views++;
          break;
        case 'product_view':
          counts.views++;
          counts.productViews++;
          break;
        case 'search':
          counts.searches++;
          break;
        case 'add_to_cart':
          counts.carts++;
          break;
        case 'checkout_start':
          counts.checkouts++;
          break;
        case 'payment_started':
          counts.paymentsStarted++;
          break;
        case 'paid':
          counts.paid++;
          break;
        case 'whatsapp_handoff':
          counts.whatsappHandoffs++;
          break;
      }
    }
    // The stream is trimmed by length: if its oldest entry is inside the window, older ones in it are gone.
    const [oldest] = await this.redis.xrange(stream, '-', '+', 'COUNT', 1);
    const complete = !oldest || Number(oldest[0].split('-')[0]) <= since || entries.length < STREAM_MAX_LENGTH * 0.9;
    return {
      windowMinutes: LIVE_WINDOW_MS / 60_000,
      from: new Date(since).toISOString(),
      to: new Date(now).toISOString(),
      activeSessions: sessions.size,
      ...counts,
      events: entries.length,
      perMinute: Array.from({ length: 30 }, (_, i) => perMinute.get(i) ?? 0),
      complete,
    };
  }
}
