import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  MAX_WEBHOOK_ENDPOINTS,
  WEBHOOK_EVENT_TYPES,
  type CreateWebhook,
  type UpdateWebhook,
  type WebhookDelivery,
  type WebhookEndpoint,
} from '@sokoni/contracts';
import { SecretBox } from '@sokoni/db';
import type { AppConfig } from '../../config/config';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { CONFIG } from '../../platform/tokens';
import { AuditService } from '../audit/audit.service';
import { WEBHOOK_TARGET_GUARD } from './webhook-delivery.service';
import { sealSecret } from './webhook-signature';
import { WebhookTargetGuard } from './webhook-target';
import { WebhooksRepository } from './webhooks.repository';
import type { RequestContext } from '../../platform/request-context';

type EndpointRow = NonNullable<Awaited<ReturnType<WebhooksRepository['endpoint']>>>;
type DeliveryRow = NonNullable<Awaited<ReturnType<WebhooksRepository['delivery']>>>;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** The owner's webhook endpoints: add (secret shown once), change, turn back on, remove, log, resend, test. */
@Injectable()
export class WebhooksService {
  private readonly box: SecretBox;

  constructor(
    private readonly tenantDb: TenantDb,
    private readonly repository: WebhooksRepository,
    private readonly audit: AuditService,
    @Inject(WEBHOOK_TARGET_GUARD) private readonly targets: WebhookTargetGuard,
    @Inject(CONFIG) config: AppConfig,
  ) {
    this.box = new SecretBox(config.mpesaEncryptionKey);
  }

  async list(ctx: RequestContext): Promise<{ endpoints: WebhookEndpoint[]; eventTypes: string[] }> {
    return this.tenantDb.run(ctx, async (trx) => {
      const [rows, counts] = await Promise.all([this.repository.endpoints(trx), this.repository.recentCounts(trx)]);
      return {
        endpoints: rows.map((row) => this.toEndpoint(row, counts)),
        eventTypes: [...WEBHOOK_EVENT_TYPES],
      };
    });
  }

  async create(ctx: RequestContext, input: CreateWebhook): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    await this.targets.assertAllowed(input.url);
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    return this.tenantDb.run(ctx, async (trx) => {
      if ((await this.repository.countEndpoints(trx)) >= MAX_WEBHOOK_ENDPOINTS)
        throw new ApiError(409, 'conflict', `A store has at most ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints`);
      const row = await this.repository.insertEndpoint(trx, {
        tenant_id: ctx.tenantId,
        url: input.url,
        description: input.description || null,
        events: input.events,
        secret_sealed: sealSecret(this.box, ctx.tenantId, secret),
        created_by: ctx.actor.kind === 'owner' ? ctx.actor.userId : null,
      });
      await this.audit.record(trx, ctx, {
        action: 'webhook.created',
        entity: { type: 'webhook_endpoint', id: row.id },
        after: { url: row.url, events: row.events },
      });
      return { endpoint: this.toEndpoint(row, []), secret };
    });
  }

  async update(ctx: RequestContext, id: string, input: UpdateWebhook): Promise<WebhookEndpoint> {
    if (input.url) await this.targets.assertAllowed(input.url);
    return this.tenantDb.run(ctx, async (trx) => {
      const before = await this.found(trx, id);
      const changes = {
        ...(input.url !== undefined ? { url: input.url } : {}),
        ...(input.events !== undefined ? { events: input.events } : {}),
        ...(input.description !== undefined ? { description: input.description || null } : {}),
        ...(input.enabled === true
          ? { status: 'active' as const, consecutive_failures: 0, disabled_reason: null, disabled_at: null }
          : input.enabled === false
            ? { status: 'disabled' as const, disabled_reason: 'Turned off by the owner', disabled_at: new Date() }
            : {}),
      };
      const row = (await this.repository.updateEndpoint(trx, id, changes))!;
      await this.audit.record(trx, ctx, {
        action: 'webhook.changed',
        entity: { type: 'webhook_endpoint', id },
        before: { url: before.url, events: before.events, status: before.status },
        after: { url: row.url, events: row.events, status: row.status },
      });
      return this.toEndpoint(row, await this.repository.recentCounts(trx));
    });
  }

  async remove(ctx: RequestContext, id: string): Promise<void> {
    await this.tenantDb.run(ctx, async (trx) => {
      const before = await this.found(trx, id);
      await this.repository.deleteEndpoint(trx, id);
      await this.audit.record(trx, ctx, {
        action: 'webhook.removed',
        entity: { type: 'webhook_endpoint', id },
        before: { url: before.url, events: before.events },
      });
    });
  }

  async deliveries(ctx: RequestContext, endpointId: string): Promise<{ deliveries: WebhookDelivery[] }> {
    return this.tenantDb.run(ctx, async (trx) => {
      await this.found(trx, endpointId);
      const rows = await this.repository.deliveries(trx, endpointId, 50);
      return { deliveries: rows.map(toDelivery) };
    });
  }

  /** Sends one delivery again now (after fixing the receiving end). */
  async resend(ctx: RequestContext, deliveryId: string): Promise<WebhookDelivery> {
    return this.tenantDb.run(ctx, async (trx) => {
      const delivery = await this.repository.delivery(trx, deliveryId);
      if (!delivery) throw ApiError.notFound('not_found', 'No such webhook delivery in this store');
      const endpoint = await this.found(trx, delivery.endpoint_id);
      if (endpoint.status !== 'active')
        throw new ApiError(409, 'conflict', 'This endpoint is turned off: turn it on before sending again');
      if (delivery.status === 'pending')
        throw new ApiError(409, 'conflict', 'This delivery is already waiting to be sent');
      await this.repository.resend(trx, deliveryId);
      await this.audit.record(trx, ctx, {
        action: 'webhook.resent',
        entity: { type: 'webhook_delivery', id: deliveryId },
        before: { status: delivery.status, attempts: delivery.attempts },
      });
      return toDelivery((await this.repository.delivery(trx, deliveryId))!);
    });
  }

  /** A `webhook.ping` to one endpoint, to check the receiving end and its signature check. */
  async ping(ctx: RequestContext, endpointId: string): Promise<{ deliveryId: string }> {
    return this.tenantDb.run(ctx, async (trx) => {
      const endpoint = await this.found(trx, endpointId);
      if (endpoint.status !== 'active')
        throw new ApiError(409, 'conflict', 'This endpoint is turned off: turn it on before testing it');
      const delivery = await this.repository.ping(trx, ctx.tenantId, endpointId, {
        message: 'A test event from Sokoni: if your signature check accepts this, webhooks are set up.',
      });
      return { deliveryId: delivery.id };
    });
  }

  private async found(trx: Parameters<WebhooksRepository['endpoint']>[0], id: string): Promise<EndpointRow> {
    const row = await this.repository.endpoint(trx, id);
    if (!row) throw ApiError.notFound('not_found', 'No such webhook endpoint in this store');
    return row;
  }

  private toEndpoint(
    row: EndpointRow,
    counts: Awaited<ReturnType<WebhooksRepository['recentCounts']>>,
  ): WebhookEndpoint {
    const count = (status: string) =>
      Number(counts.find((c) => c.endpoint_id === row.id && c.status === status)?.n ?? 0);
    return {
      id: row.id,
      url: row.url,
      description: row.description,
      events: row.events,
      status: row.status,
      consecutiveFailures: row.consecutive_failures,
      disabledReason: row.disabled_reason,
      disabledAt: iso(row.disabled_at),
      createdAt: iso(row.created_at)!,
      recent: { delivered: count('delivered'), failed: count('failed'), pending: count('pending') },
    };
  }
}

function toDelivery(row: DeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    eventId: row.event_id,
    eventType: row.event_type,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? iso(row.next_attempt_at) : null,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    lastDurationMs: row.last_duration_ms,
    deliveredAt: iso(row.delivered_at),
    createdAt: iso(row.created_at)!,
  };
}
