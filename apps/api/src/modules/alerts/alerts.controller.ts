import { Body, Controller, Headers, UseGuards } from '@nestjs/common';
import { ApiDoc } from '../../openapi/api-doc.decorator';
import { pushSubscriptionInputSchema, updateAlertSettingsSchema } from '@sokoni/contracts';
import { z } from 'zod';
import type { RequestContext } from '../../platform/request-context';
import { parseInput } from '../../platform/validation';
import { Ctx, OwnerDelete, OwnerGet, OwnerPost, OwnerPut } from '../auth/auth.decorators';
import { OwnerAuthGuard } from '../auth/owner-auth.guard';
import { AlertSettingsService } from './alert-settings.service';

const unsubscribeBody = z.object({ endpoint: z.string().url('endpoint must be a URL').max(1000).optional() }).strict();

/**
 * One's own alerts (docs/owner-alerts.md): every role (account.self) sets its own channels, phone
 * and quiet hours for the kinds its role handles; the store's low-stock threshold needs
 * settings.write (checked in the service).
 */
@Controller('v1/owner/alerts')
@UseGuards(OwnerAuthGuard)
export class OwnerAlertsController {
  constructor(private readonly settings: AlertSettingsService) {}

  @OwnerGet('', 'account.self')
  async get(@Ctx() ctx: RequestContext) {
    return { settings: await this.settings.get(ctx) };
  }

  @OwnerPut('', 'account.self')
  @ApiDoc({ body: updateAlertSettingsSchema })
  async update(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    const input = parseInput(updateAlertSettingsSchema, body ?? {}, 'body');
    return { settings: await this.settings.update(ctx, input) };
  }

  @OwnerPost('push-subscriptions', 'account.self', 201)
  @ApiDoc({ body: pushSubscriptionInputSchema })
  async subscribe(@Ctx() ctx: RequestContext, @Body() body: unknown, @Headers('user-agent') userAgent?: string) {
    const input = parseInput(pushSubscriptionInputSchema, body ?? {}, 'body');
    return this.settings.subscribe(ctx, input, userAgent ?? null);
  }

  @OwnerDelete('push-subscriptions', 'account.self', 200)
  @ApiDoc({ body: unsubscribeBody })
  async unsubscribe(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    const { endpoint } = parseInput(unsubscribeBody, body ?? {}, 'body');
    return this.settings.unsubscribe(ctx, endpoint);
  }
}
