import { Module } from '@nestjs/common';
import type { AppConfig } from '../../config/config';
import { CONFIG } from '../../platform/tokens';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { MessagingModule } from '../messaging/messaging.module';
import { MessagingProvidersModule } from '../messaging/providers/messaging-providers.module';
import { AlertChannels, WEB_PUSH } from './alert-channels.service';
import { AlertDispatchService } from './alert-dispatch.service';
import { AlertMetrics } from './alert-metrics';
import { AlertSettingsService } from './alert-settings.service';
import { OwnerAlertsController } from './alerts.controller';
import { AlertsRepository } from './alerts.repository';
import { WebPushSender } from './web-push-sender';

/** Owner alerts by WhatsApp, SMS, email and web push, with quiet hours (docs/owner-alerts.md). */
@Module({
  imports: [AuditModule, AuthModule, MessagingModule, MessagingProvidersModule],
  controllers: [OwnerAlertsController],
  providers: [
    AlertsRepository,
    AlertSettingsService,
    AlertDispatchService,
    AlertChannels,
    AlertMetrics,
    {
      provide: WEB_PUSH,
      useFactory: (config: AppConfig) =>
        new WebPushSender(
          config.VAPID_PUBLIC_KEY && config.VAPID_PRIVATE_KEY
            ? {
                subject: config.VAPID_SUBJECT,
                publicKey: config.VAPID_PUBLIC_KEY,
                privateKey: config.VAPID_PRIVATE_KEY,
              }
            : null,
          config.MESSAGING_TIMEOUT_MS,
        ),
      inject: [CONFIG],
    },
  ],
  exports: [AlertDispatchService],
})
export class AlertsModule {}
