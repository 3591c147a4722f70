import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Database, Kysely } from '@sokoni/db';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config';
import { ApiError } from '../../platform/api-error';
import { Metrics } from '../../platform/metrics';
import { flaggedBodiesCounter, readJsonBody, type ReceivedBody } from '../../platform/raw-body';
import type { RequestContext } from '../../platform/request-context';
import { CONFIG, DB, LOGGER } from '../../platform/tokens';
import { TenancyService } from '../tenancy/tenancy.service';
import { DeliveriesRepository } from './deliveries.repository';
import type { UpdateOutcome } from './deliveries.service';
import { DeliveryUpdatesService } from './delivery-updates.service';
import { DELIVERY_PARTNER, type DeliveryPartner } from './partner/delivery-partner';

export const WEBHOOK_SECRET_HEADER = 'x-webhook-secret';

/** A parcel status change is well under 1 KB; past this a webhook is stored whole but flagged `too_large`. */
const MAX_PARTNER_WEBHOOK_BYTES = 64 * 1024;

/** The delivery partner's status webhook: stored, authenticated, read, then applied as an update. */
@Injectable()
export class DeliveryWebhookService {
  private readonly flaggedBodies: ReturnType<typeof flaggedBodiesCounter>;

  constructor(
    private readonly repository: DeliveriesRepository,
    private readonly updates: DeliveryUpdatesService,
    private readonly tenancy: TenancyService,
    @Inject(DELIVERY_PARTNER) private readonly partner: DeliveryPartner,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(DB) private readonly db: Kysely<Database>,
    metrics: Metrics,
  ) {
    this.flaggedBodies = flaggedBodiesCounter(metrics);
  }

  /**
   * A partner webhook: the bytes are stored first (platform table webhook_deliveries, insert
   * only), then the shared secret is checked (constant-time), then the body read, then the
   * store. A body that cannot be read at all is kept, flagged and answered 200: the partner
   * retries non-2xx answers, and the same bytes would fail the same way (the poll fallback
   * recovers the status). Safe to deliver any number of times: each status is recorded once
   * per delivery.
   */
  async receiveWebhook(
    caller: RequestContext,
    tenantSlug: string,
    providedSecret: string | undefined,
    received: ReceivedBody,
  ): Promise<{ received: true; outcome: UpdateOutcome | 'unreadable_body' }> {
    const authenticated = this.webhookSecretMatches(providedSecret);
    const read = readJsonBody(received.bytes, { maxBytes: MAX_PARTNER_WEBHOOK_BYTES });
    const stored = this.repository.recordWebhookDelivery(this.db, {
      pathHint: tenantSlug,
      received,
      authenticated,
      flagReason: read.ok ? null : read.flag,
      correlationId: caller.correlationId,
    });
    if (!authenticated) {
      await stored.catch((error: unknown) =>
        this.logger.error({ err: error }, 'could not store a refused delivery partner webhook'),
      );
      throw new ApiError(401, 'unauthorized', 'Webhook not accepted: missing or wrong secret', {
        reason: 'bad_webhook_secret',
      });
    }
    // Not stored = not acknowledged: the error answer makes the partner retry.
    await stored;
    if (!read.ok) {
      this.flaggedBodies.inc({ source: 'delivery_partner', reason: read.flag });
      this.logger.error(
        { store: tenantSlug, reason: read.flag, size_bytes: received.bytes.length },
        'delivery partner webhook body unreadable: stored and flagged, not applied',
      );
      return { received: true, outcome: 'unreadable_body' };
    }
    const update = this.partner.parseWebhook(read.value);
    if (!update)
      throw new ApiError(400, 'validation_failed', 'Not a parcel status change this API understands', {
        where: 'body',
      });
    const ctx = caller.withTenant(await this.tenancy.resolve(caller, tenantSlug));
    const outcome = await this.updates.applyPartnerUpdate(ctx, update, 'partner_webhook');
    this.logger.info(
      { parcel_id: update.parcelId, status: update.status, partner_status: update.partnerStatus, outcome },
      'delivery partner webhook',
    );
    return { received: true, outcome };
  }

  private webhookSecretMatches(provided: string | undefined): boolean {
    const expected = this.config.DELIVERY_PARTNER_WEBHOOK_SECRET;
    if (!expected) {
      this.logger.warn('delivery partner webhook refused: DELIVERY_PARTNER_WEBHOOK_SECRET is not set');
      return false;
    }
    if (!provided) return false;
    // Digests first: timingSafeEqual needs equal lengths, and comparing digests leaks no length.
    const digest = (value: string) => createHash('sha256').update(value).digest();
    return timingSafeEqual(digest(provided), digest(expected));
  }
}
