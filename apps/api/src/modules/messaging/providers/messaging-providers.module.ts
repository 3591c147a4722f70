import { Inject, Module, type OnModuleDestroy } from '@nestjs/common';
import { Mailer } from './mailer';
import { SmsClient } from './sms-client';
import { WhatsAppClient } from './whatsapp-client';
import { fromConfig } from '../../../platform/config-provider';

/** Nest tokens for the one WhatsAppClient, SmsClient and Mailer of the process. */
export const WHATSAPP = Symbol('WHATSAPP');
export const SMS = Symbol('SMS');
export const MAILER = Symbol('MAILER');

const whatsappProvider = fromConfig(
  WHATSAPP,
  (config) =>
    new WhatsAppClient(
      config.WHATSAPP_BASE_URL,
      config.WHATSAPP_API_VERSION,
      config.WHATSAPP_ACCESS_TOKEN,
      config.MESSAGING_TIMEOUT_MS,
    ),
);

const smsProvider = fromConfig(
  SMS,
  (config) =>
    new SmsClient(
      config.SMS_BASE_URL,
      config.SMS_USERNAME,
      config.SMS_API_KEY,
      config.SMS_SENDER_ID,
      config.MESSAGING_TIMEOUT_MS,
    ),
);

const mailerProvider = fromConfig(
  MAILER,
  (config) => new Mailer(config.SMTP_URL, config.MAIL_FROM, config.MESSAGING_TIMEOUT_MS),
);

/**
 * The messaging providers' clients, built once from config. Its own module (not MessagingModule)
 * because AuthModule and ShoppersModule send SMS too and MessagingModule imports AuthModule:
 * every importer gets the same instances, since Nest builds a module once per process.
 */
@Module({
  providers: [whatsappProvider, smsProvider, mailerProvider],
  exports: [WHATSAPP, SMS, MAILER],
})
export class MessagingProvidersModule implements OnModuleDestroy {
  constructor(@Inject(MAILER) private readonly mailer: Mailer) {}

  onModuleDestroy(): void {
    this.mailer.close();
  }
}
