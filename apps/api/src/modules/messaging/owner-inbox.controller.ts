import { Body, Controller, Param, UseGuards } from '@nestjs/common';
import { ApiDoc } from '../../openapi/api-doc.decorator';
import { conversationPhoneSchema, inboxSendSchema } from '@sokoni/contracts';
import { z } from 'zod';
import { parseInput } from '../../platform/validation';
import { Ctx, OwnerGet, OwnerPost } from '../auth/auth.decorators';
import { OwnerAuthGuard } from '../auth/owner-auth.guard';
import { InboxService } from './inbox.service';
import type { RequestContext } from '../../platform/request-context';

const phoneParams = z.object({ phone: conversationPhoneSchema });

/**
 * The owner's WhatsApp inbox (apps/web/app/owner/inbox): every conversation, unread first, the
 * thread, marking it read, and answering. Reading is part of handling orders (orders.read);
 * writing to a shopper is part of fulfilling them (orders.fulfil), as on the order page.
 */
@Controller('v1/owner/conversations')
@UseGuards(OwnerAuthGuard)
export class OwnerInboxController {
  constructor(private readonly inbox: InboxService) {}

  @OwnerGet('', 'orders.read')
  async conversations(@Ctx() ctx: RequestContext) {
    return { conversations: await this.inbox.list(ctx) };
  }

  @OwnerGet(':phone', 'orders.read')
  @ApiDoc({ params: phoneParams })
  async thread(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { phone } = parseInput(phoneParams, params, 'params');
    return this.inbox.thread(ctx, phone);
  }

  @OwnerPost(':phone/read', 'orders.read', 200)
  @ApiDoc({ params: phoneParams })
  async markRead(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { phone } = parseInput(phoneParams, params, 'params');
    return this.inbox.markRead(ctx, phone);
  }

  /**
   * `{ text }`: free text, only inside WhatsApp's 24-hour window (409 `outside_whatsapp_window`
   * otherwise, decided here, not by the page). `{ template }`: one of the thread's offered templates.
   */
  @OwnerPost(':phone/messages', 'orders.fulfil')
  @ApiDoc({ body: inboxSendSchema, params: phoneParams })
  async send(@Ctx() ctx: RequestContext, @Param() params: unknown, @Body() body: unknown) {
    const { phone } = parseInput(phoneParams, params, 'params');
    const input = parseInput(inboxSendSchema, body ?? {}, 'body');
    const message =
      input.text !== undefined
        ? await this.inbox.replyText(ctx, phone, input.text)
        : await this.inbox.sendTemplate(ctx, phone, input.template!);
    return { message };
  }
}
