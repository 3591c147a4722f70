import { Injectable } from '@nestjs/common';
import type { TenantTransaction } from '@sokoni/db';
import { MessagingRepository } from './messaging.repository';
import type { RequestContext } from '../../platform/request-context';

/** A new store's messaging settings, written by sign-up in its own transaction. */
@Injectable()
export class StoreMessagingDefaults {
  constructor(private readonly repository: MessagingRepository) {}

  async createWithin(trx: TenantTransaction, ctx: RequestContext): Promise<void> {
    await this.repository.insertDefaultSettings(trx, ctx.tenantId);
  }
}
