import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { Counter } from 'prom-client';
import { Metrics } from '../../platform/metrics';
import { TenantDb } from '../../platform/tenant-db';
import { LOGGER } from '../../platform/tokens';
import { MessagingRepository } from '../messaging/messaging.repository';
import type { Mailer } from '../messaging/providers/mailer';
import { MAILER } from '../messaging/providers/messaging-providers.module';
import type { RequestContext } from '../../platform/request-context';

/** Tells the store's owners, by email, that an endpoint was turned off after repeated failures. */
@Injectable()
export class WebhookDisabledAlert {
  private readonly disabled: Counter;

  constructor(
    private readonly tenantDb: TenantDb,
    private readonly messaging: MessagingRepository,
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(LOGGER) private readonly logger: Logger,
    metrics: Metrics,
  ) {
    this.disabled = new Counter({
      name: 'webhook_endpoints_disabled_total',
      help: 'Webhook endpoints turned off after repeated failures',
      registers: [metrics.registry],
    });
  }

  async send(ctx: RequestContext, disabled: { url: string; reason: string }): Promise<void> {
    this.disabled.inc();
    this.logger.warn(
      { tenant_id: ctx.tenantId, url: disabled.url, reason: disabled.reason },
      'webhook endpoint turned off',
    );
    // The owners' addresses as the messaging module keeps them (MessagingRepository.store).
    const { ownerEmails } = await this.tenantDb.run(ctx, (trx) => this.messaging.store(trx));
    const text = `Sokoni stopped sending events to ${disabled.url}.\n\n${disabled.reason}.\n\nFix the receiving end, then turn the endpoint back on in Settings > Webhooks; failed deliveries can be sent again from its log.\n`;
    for (const email of ownerEmails)
      await this.mailer
        .send(email, 'Webhook turned off: your system stopped answering', text)
        .catch((error: unknown) =>
          this.logger.error({ err: error, tenant_id: ctx.tenantId }, 'webhook alert email failed'),
        );
  }
}
