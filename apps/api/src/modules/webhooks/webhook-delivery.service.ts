import { Inject, Injectable } from '@nestjs/common';
import { SecretBox } from '@sokoni/db';
import type { Logger } from 'pino';
import { Counter, Histogram } from 'prom-client';
import type { AppConfig } from '../../config/config';
import { Metrics } from '../../platform/metrics';
import { TenantDb } from '../../platform/tenant-db';
import { CONFIG, LOGGER } from '../../platform/tokens';
import { AuditService } from '../audit/audit.service';
import { WebhookDisabledAlert } from './webhook-disabled-alert';
import { openSecret, signatureHeader } from './webhook-signature';
import type { WebhookTargetGuard } from './webhook-target';
import { WebhooksRepository } from './webhooks.repository';
import type { RequestContext } from '../../platform/request-context';

export const WEBHOOK_TARGET_GUARD = Symbol('WEBHOOK_TARGET_GUARD');

/** Attempts per delivery; after the last one it is `failed` (the owner can resend it). */
export const MAX_ATTEMPTS = 8;
/** Seconds before the next try after attempt n (1-based): 10 s, 30 s, 2 min, 10 min, 30 min, 1 h, 3 h. */
export const RETRY_AFTER_SECONDS = [10, 30, 120, 600, 1800, 3600, 10800] as const;
/** Failed attempts in a row (any delivery) after which an endpoint is turned off and the owners told. */
export const DISABLE_AFTER_FAILURES = 15;
/** How many due deliveries one run takes, and how many it sends at once. */
const BATCH = 100;
const PARALLEL = 8;

type Claimed = NonNullable<Awaited<ReturnType<WebhooksRepository['claim']>>>;
type Outcome = { ok: boolean; statusCode: number | null; error: string | null; durationMs: number };

/**
 * Sends due webhook deliveries (the worker's webhooks.deliver-due, every
 * WEBHOOK_DELIVERY_INTERVAL_MS). Each delivery is claimed in one short transaction (an attempt
 * counted, its next try moved past the request), POSTed outside any transaction, and its outcome
 * recorded in another: a slow receiver never holds a database connection, and a worker killed
 * mid-request retries the delivery when its claim runs out. Receivers must treat the
 * `Sokoni-Delivery` id as idempotency key: a delivery may arrive twice, never zero times.
 */
@Injectable()
export class WebhookDeliveryService {
  private readonly box: SecretBox;
  private readonly sent: Counter<'outcome'>;
  private readonly latency: Histogram;

  constructor(
    private readonly tenantDb: TenantDb,
    private readonly repository: WebhooksRepository,
    private readonly audit: AuditService,
    private readonly disabledAlert: WebhookDisabledAlert,
    @Inject(WEBHOOK_TARGET_GUARD) private readonly targets: WebhookTargetGuard,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    metrics: Metrics,
  ) {
    this.box = new SecretBox(config.mpesaEncryptionKey);
    this.sent = new Counter({
      name: 'webhook_deliveries_total',
      help: 'Outbound webhook delivery attempts by outcome (delivered, retry, failed, refused)',
      labelNames: ['outcome'] as const,
      registers: [metrics.registry],
    });
    this.latency = new Histogram({
      name: 'webhook_delivery_latency_seconds',
      help: 'From the event (the change that caused it) to the receiver answering 2xx',
      buckets: [0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600],
      registers: [metrics.registry],
    });
  }

  async acrossTenantsDeliverDue(ctx: RequestContext): Promise<{ due: number; delivered: number }> {
    const due = await this.repository.due(BATCH);
    let delivered = 0;
    for (let i = 0; i < due.length; i += PARALLEL) {
      const results = await Promise.all(
        due.slice(i, i + PARALLEL).map(({ tenantId, slug, id }) =>
          this.deliver(ctx.withTenant({ tenantId, slug }), id).catch((error: unknown) => {
            this.logger.error({ err: error, tenant_id: tenantId, delivery_id: id }, 'webhook delivery crashed');
            return false;
          }),
        ),
      );
      delivered += results.filter(Boolean).length;
    }
    return { due: due.length, delivered };
  }

  /** One attempt of one delivery; true when the receiver took it. */
  async deliver(ctx: RequestContext, deliveryId: string): Promise<boolean> {
    const leaseSeconds = Math.ceil(this.config.WEBHOOK_TIMEOUT_MS / 1000) + 30;
    const claimed = await this.tenantDb.run(ctx, async (trx) => {
      const delivery = await this.repository.claim(trx, deliveryId, leaseSeconds);
      if (!delivery) return null;
      const endpoint = await this.repository.secretOf(trx, delivery.endpoint_id);
      return endpoint ? { delivery, endpoint } : null;
    });
    if (!claimed) return false;
    const { delivery, endpoint } = claimed;
    const outcome =
      endpoint.status !== 'active'
        ? { ok: false, statusCode: null, error: 'endpoint turned off', durationMs: 0 }
        : await this.post(ctx, endpoint.url, openSecret(this.box, ctx.tenantId, endpoint.secret_sealed), delivery);
    await this.record(ctx, delivery, outcome, endpoint.status === 'active');
    return outcome.ok;
  }

  private async post(ctx: RequestContext, url: string, secret: string, delivery: Claimed): Promise<Outcome> {
    const started = Date.now();
    const refused = await this.targets.problem(url);
    if (refused) {
      this.sent.inc({ outcome: 'refused' });
      return { ok: false, statusCode: null, error: `refused: ${refused}`, durationMs: 0 };
    }
    const body = JSON.stringify({
      id: delivery.event_id,
      type: delivery.event_type,
      createdAt: new Date(delivery.event_at).toISOString(),
      store: ctx.tenantSlug,
      data: delivery.payload,
    });
    try {
      const response = await fetch(url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.WEBHOOK_TIMEOUT_MS),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Sokoni-Webhooks/1',
          'sokoni-event': delivery.event_type,
          'sokoni-event-id': delivery.event_id,
          'sokoni-delivery': delivery.id,
          'sokoni-attempt': String(delivery.attempts),
          'sokoni-signature': signatureHeader(secret, body),
        },
        body,
      });
      await response.body?.cancel().catch(() => undefined);
      const ok = response.status >= 200 && response.status < 300;
      return {
        ok,
        statusCode: response.status,
        error: ok
          ? null
          : `answered ${response.status}${response.status >= 300 && response.status < 400 ? ' (redirects are not followed)' : ''}`,
        durationMs: Date.now() - started,
      };
    } catch (error) {
      const name = (error as Error).name;
      return {
        ok: false,
        statusCode: null,
        error:
          name === 'TimeoutError'
            ? `no answer within ${this.config.WEBHOOK_TIMEOUT_MS} ms`
            : `could not connect: ${(error as Error).message}`,
        durationMs: Date.now() - started,
      };
    }
  }

  private async record(ctx: RequestContext, delivery: Claimed, outcome: Outcome, countsForEndpoint: boolean) {
    const last = delivery.attempts >= MAX_ATTEMPTS;
    const status = outcome.ok ? 'delivered' : last ? 'failed' : 'pending';
    const disabledNow = await this.tenantDb.run(ctx, async (trx) => {
      await this.repository.recordOutcome(trx, delivery.id, {
        status,
        nextAttemptInSeconds: status === 'pending' ? (RETRY_AFTER_SECONDS[delivery.attempts - 1] ?? 10800) : null,
        statusCode: outcome.statusCode,
        error: outcome.error,
        durationMs: outcome.durationMs,
      });
      if (!countsForEndpoint) return null;
      if (outcome.ok) {
        await this.repository.endpointSucceeded(trx, delivery.endpoint_id);
        return null;
      }
      const failures = await this.repository.endpointFailed(trx, delivery.endpoint_id);
      if (failures !== DISABLE_AFTER_FAILURES) return null;
      const reason = `Turned off after ${failures} failed attempts in a row (last: ${outcome.error ?? 'no answer'})`;
      const endpoint = await this.repository.updateEndpoint(trx, delivery.endpoint_id, {
        status: 'disabled',
        disabled_reason: reason.slice(0, 300),
        disabled_at: new Date(),
      });
      await this.audit.record(trx, ctx, {
        action: 'webhook.disabled',
        entity: { type: 'webhook_endpoint', id: delivery.endpoint_id },
        after: { reason },
      });
      return { url: endpoint?.url ?? '', reason };
    });
    this.sent.inc({ outcome: status === 'pending' ? 'retry' : status });
    if (outcome.ok) this.latency.observe((Date.now() - new Date(delivery.event_at).getTime()) / 1000);
    if (disabledNow) await this.disabledAlert.send(ctx, disabledNow);
  }
}
