import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CartModule } from '../cart/cart.module';
import { OrdersModule } from '../orders/orders.module';
import { PaymentsModule } from '../payments/payments.module';
import { CartNudgesService } from './cart-nudges.service';
import { ConversationsService } from './conversations.service';
import { MessageSender } from './message-sender.service';
import { MessagingSettingsService } from './messaging-settings.service';
import { MessagingRepository } from './messaging.repository';
import { OrderNotificationsService } from './order-notifications.service';
import { OwnerMessagingController } from './owner-messaging.controller';
import { MessagingProvidersModule } from './providers/messaging-providers.module';
import { StoreMessagingDefaults } from './store-messaging-defaults.service';
import { WhatsAppWebhookController } from './whatsapp-webhook.controller';
import { WhatsAppWebhookService } from './whatsapp-webhook.service';
import { InboxRepository } from './inbox.repository';
import { InboxService } from './inbox.service';
import { OwnerInboxController } from './owner-inbox.controller';

/** WhatsApp, SMS and email: order notifications, shoppers' messages, cart reminders. */
@Module({
  imports: [AuthModule, CartModule, OrdersModule, PaymentsModule, MessagingProvidersModule],
  controllers: [WhatsAppWebhookController, OwnerMessagingController, OwnerInboxController],
  providers: [
    MessagingRepository,
    MessageSender,
    OrderNotificationsService,
    CartNudgesService,
    MessagingSettingsService,
    ConversationsService,
    WhatsAppWebhookService,
    StoreMessagingDefaults,
    InboxRepository,
    InboxService,
  ],
  exports: [
    // Owner alerts (modules/alerts) send WhatsApp/SMS through it.
    MessageSender,
    OrderNotificationsService,
    CartNudgesService,
    ConversationsService,
    WhatsAppWebhookService,
    StoreMessagingDefaults,
    // Back in stock sends through the same sender and reads settings and STOP (modules/back-in-stock).
    MessageSender,
    MessagingRepository,
  ],
})
export class MessagingModule {}
