import { Body, Controller, Param, UseGuards } from '@nestjs/common';
import { ownerReplySchema } from '@sokoni/contracts';
import { z } from 'zod';
import { parseInput } from '../../platform/validation';
import { Ctx, OwnerGet, OwnerPost, OwnerPut } from '../auth/auth.decorators';
import { OwnerAuthGuard } from '../auth/owner-auth.guard';
import { ConversationsService } from './conversations.service';
import { MessagingSettingsService } from './messaging-settings.service';
import type { RequestContext } from '../../platform/request-context';
import { ApiDoc } from '../../openapi/api-doc.decorator';

const numberParams = z.object({ number: z.coerce.number().int().min(1).max(2_000_000_000) });
const settingsBody = z.object({
  whatsappPhoneNumberId: z
    .string()
    .regex(/^\d{6,20}$/, 'the phone number id from WhatsApp Manager (digits)')
    .nullable(),
  language: z.enum(['en', 'sw']).default('en'),
  orderUpdates: z.boolean().default(true),
  ownerEmailAlerts: z.boolean().default(true),
  abandonedCartNudge: z.boolean().default(false),
  abandonedCartAfterMinutes: z.number().int().min(1).max(10_080).default(60),
});

/** The owner's messaging: settings, what shoppers wrote (by order, and as a list), and replying to them. */
@Controller('v1/owner')
@UseGuards(OwnerAuthGuard)
export class OwnerMessagingController {
  constructor(
    private readonly messagingSettings: MessagingSettingsService,
    private readonly conversationsService: ConversationsService,
  ) {}

  @OwnerGet('settings/messaging', 'orders.read')
  async getSettings(@Ctx() ctx: RequestContext) {
    return { settings: await this.messagingSettings.settingsView(ctx) };
  }

  @OwnerPut('settings/messaging', 'settings.write')
  @ApiDoc({ body: settingsBody })
  async saveSettings(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    return {
      settings: await this.messagingSettings.saveSettings(ctx, parseInput(settingsBody, body, 'body')),
    };
  }

  @OwnerGet('orders/:number/messages', 'orders.read')
  @ApiDoc({ params: numberParams })
  async orderMessages(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { number } = parseInput(numberParams, params, 'params');
    return this.conversationsService.orderConversation(ctx, number);
  }

  /**
   * A free-text WhatsApp reply to the order's shopper (201 with the stored message; 409 with
   * `details.reason` outside_whatsapp_window, opted_out or whatsapp_not_configured). Staff
   * answer customers as part of fulfilling orders, so the permission is theirs.
   */
  @OwnerPost('orders/:number/messages', 'orders.fulfil')
  @ApiDoc({ params: numberParams, body: ownerReplySchema })
  async reply(@Ctx() ctx: RequestContext, @Param() params: unknown, @Body() body: unknown) {
    const { number } = parseInput(numberParams, params, 'params');
    const { text } = parseInput(ownerReplySchema, body ?? {}, 'body');
    return { message: await this.conversationsService.reply(ctx, number, text) };
  }
}
