import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { requestContext } from '../../platform/request-context';
import { LOGGER } from '../../platform/tokens';
import { SMS } from '../messaging/providers/messaging-providers.module';
import type { SmsClient } from '../messaging/providers/sms-client';

/**
 * SMS to owners and staff (codes, invites) through Africa's Talking. Sent without holding up the
 * answer: the caller gets the same 202 at the same speed whether or not the phone is a user's,
 * and a failed send is logged (the person simply asks for a new code).
 */
@Injectable()
export class OwnerSms {
  constructor(
    @Inject(SMS) private readonly client: SmsClient,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  sendInBackground(phone: string, message: string, kind: string): void {
    const context = requestContext.current();
    const log = this.logger.child({
      kind,
      correlation_id: context?.correlationId,
      tenant_id: context?.tenantId,
      phone_suffix: phone.slice(-3),
    });
    this.client
      .send(phone, message)
      .then((messageId) => log.info({ messageId }, 'owner sms sent'))
      .catch((error: unknown) => log.error({ err: error }, 'owner sms failed'));
  }
}
