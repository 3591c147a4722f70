import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Label-less gauges read when /metrics is scraped, all from one reading: the first gauge's
 * collect() starts it (one query per scrape), the others await the same promise; a second later
 * the next scrape reads afresh. Returns the shared read, for a gauge with labels built by hand.
 */
export function scrapeGauges<T>(
  registry: Registry,
  read: () => Promise<T>,
  gauges: Record<string, { help: string; value: (reading: T) => number }>,
): () => Promise<T> {
  let reading: Promise<T> | null = null;
  const shared = () => {
    reading ??= read().finally(() =>
      setTimeout(() => {
        reading = null;
      }, 1000),
    );
    return reading;
  };
  for (const [name, { help, value }] of Object.entries(gauges)) {
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        this.set(value(await shared()));
      },
    });
  }
  return shared;
}

/** One registry per process; /metrics renders it. */
export class Metrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route pattern',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  /** Every registered route, so a new endpoint is visible in /metrics before its first request. */
  readonly httpRoutes = new Gauge({
    name: 'http_routes_info',
    help: 'Routes this API serves (value is always 1)',
    labelNames: ['method', 'route'] as const,
    registers: [this.registry],
  });

  readonly rateLimited = new Counter({
    name: 'http_rate_limited_total',
    help: 'Requests refused with 429',
    labelNames: ['route'] as const,
    registers: [this.registry],
  });

  readonly eventsReceived = new Counter({
    name: 'storefront_events_total',
    help: 'Storefront analytics events received by the collector, by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  /**
   * Messages to shoppers, by channel (whatsapp, sms) and outcome (accepted/sent, refused for
   * good, error = transient, retried). Counted where they are sent: the worker.
   */
  readonly notificationSends = new Counter({
    name: 'sokoni_notification_sends_total',
    help: 'Messages to shoppers by channel and outcome (accepted, sent, refused, error)',
    labelNames: ['channel', 'outcome'] as const,
    registers: [this.registry],
  });

  /**
   * `process`: which entry point owns this registry. Gauges read from Redis or Postgres at scrape
   * time (queue depth, M-Pesa health, Postgres connections) are registered by the API only: the
   * worker would export the same numbers again (doubling sums on dashboards and the reads).
   */
  constructor(
    prefixDefaults = true,
    readonly process: 'api' | 'worker' = 'api',
  ) {
    if (prefixDefaults) collectDefaultMetrics({ register: this.registry });
  }
}
