import { Module } from '@nestjs/common';
import type { AppConfig } from '../../config/config';
import { CONFIG } from '../../platform/tokens';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { MessagingModule } from '../messaging/messaging.module';
import { MessagingProvidersModule } from '../messaging/providers/messaging-providers.module';
import { WEBHOOK_TARGET_GUARD, WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookDisabledAlert } from './webhook-disabled-alert';
import { WebhookTargetGuard } from './webhook-target';
import { OwnerWebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

/** Hosts a webhook may reach although private: WEBHOOK_ALLOW_PRIVATE_HOSTS, or loopback outside production. */
function allowedPrivateHosts(config: AppConfig): string[] {
  if (config.WEBHOOK_ALLOW_PRIVATE_HOSTS !== undefined) return config.WEBHOOK_ALLOW_PRIVATE_HOSTS.split(',');
  return config.NODE_ENV === 'production' ? [] : ['localhost', '127.0.0.1', '::1'];
}

/** Outbound webhooks (docs/webhooks.md): the owner's endpoints, and the delivery the worker runs. */
@Module({
  imports: [AuditModule, AuthModule, MessagingModule, MessagingProvidersModule],
  controllers: [OwnerWebhooksController],
  providers: [
    WebhooksRepository,
    WebhooksService,
    WebhookDeliveryService,
    WebhookDisabledAlert,
    {
      provide: WEBHOOK_TARGET_GUARD,
      useFactory: (config: AppConfig) => new WebhookTargetGuard(allowedPrivateHosts(config)),
      inject: [CONFIG],
    },
  ],
  exports: [WebhookDeliveryService],
})
export class WebhooksModule {}
