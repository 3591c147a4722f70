import { Injectable } from '@nestjs/common';
import type { TenantTransaction } from '@sokoni/db';
import { AuthService } from '../auth/auth.service';
import { DeliveryService } from '../delivery/delivery.service';
import { StoreMessagingDefaults } from '../messaging/store-messaging-defaults.service';
import { OrdersService } from '../orders/orders.service';
import { CategoriesService } from '../owner-catalog/categories.service';
import { OnboardingRepository } from './onboarding.repository';
import type { Vertical } from './verticals';
import type { RequestContext } from '../../platform/request-context';

/**
 * The per-store rows the rest of the API takes for granted, written by sign-up in the new
 * store's transaction, each through the module that owns it: the owner-token signing secret
 * (auth), the order number counter (orders), delivery rules (delivery; zones come from the
 * delivery step), messaging settings (messaging), the wizard's progress row (ours) and the
 * category's default categories (owner-catalog).
 */
@Injectable()
export class StoreProvisioning {
  constructor(
    private readonly repository: OnboardingRepository,
    private readonly auth: AuthService,
    private readonly orders: OrdersService,
    private readonly delivery: DeliveryService,
    private readonly messaging: StoreMessagingDefaults,
    private readonly categories: CategoriesService,
  ) {}

  async provisionWithin(
    trx: TenantTransaction,
    ctx: RequestContext,
    vertical: Vertical,
    categories: { slug: string; name: string }[],
  ): Promise<void> {
    await this.auth.createSigningSecretWithin(trx, ctx);
    await this.orders.startNumberingWithin(trx, ctx);
    await this.delivery.createSettingsWithin(trx, ctx);
    await this.messaging.createWithin(trx, ctx);
    await this.repository.insertProgress(trx, ctx.tenantId, vertical);
    await this.categories.addWithin(trx, ctx, categories);
  }
}
