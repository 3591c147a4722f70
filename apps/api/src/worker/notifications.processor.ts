import type { RequestContext } from '../platform/request-context';
import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { CartNudgesService } from '../modules/messaging/cart-nudges.service';
import { ConversationsService } from '../modules/messaging/conversations.service';
import { OrderNotificationsService } from '../modules/messaging/order-notifications.service';
import { WhatsAppWebhookService } from '../modules/messaging/whatsapp-webhook.service';
import { isOrderNotificationJob, JOBS, jobPayload, jobTenantContext, type JobName } from '../queues/jobs';
import type { JobEnvelope } from '../queues/queues';
import type { JobProcessor, JobSchedule } from './job-processor';

/**
 * order.<kind>: send what an order owes its shopper (once; see order-notifications.ts).
 * message.sms-fallback: a WhatsApp message failed after acceptance: the same words by SMS.
 * message.reply: an owner's free-text reply to a shopper (POST /v1/owner/orders/:n/messages).
 * cart.nudge: one reminder for a stalled cart, if the store wants them.
 * message.status: a WhatsApp status that arrived before its message was recorded, retried.
 * notifications.relay: every 30 s, sends notifications whose job was lost.
 */
@Injectable()
export class NotificationsProcessor implements JobProcessor {
  readonly queue = 'notifications' as const;
  /** Every notifications job but back in stock's (BackInStockProcessor shares the queue). */
  readonly jobNames = (Object.keys(JOBS) as JobName[]).filter(
    (name) => JOBS[name].queue === 'notifications' && !name.startsWith('back-in-stock.'),
  );
  readonly schedules: readonly JobSchedule[] = [
    { id: 'notifications-relay', everyMs: 30_000, jobName: 'notifications.relay' },
  ];

  constructor(
    private readonly notifications: OrderNotificationsService,
    private readonly conversations: ConversationsService,
    private readonly webhook: WhatsAppWebhookService,
    private readonly cartNudges: CartNudgesService,
  ) {}

  async process(ctx: RequestContext, job: Job<JobEnvelope>): Promise<unknown> {
    if (job.name === 'notifications.relay') return { relayed: await this.notifications.acrossTenantsRelayDue(ctx) };
    if (job.name === 'message.status')
      return { outcome: await this.webhook.applyStatusOrThrow(ctx, jobPayload('message.status', job).status) };
    const tenant = jobTenantContext(ctx, job);
    if (isOrderNotificationJob(job.name)) {
      const { orderId, kind } = jobPayload(job.name, job);
      return { outcome: await this.notifications.deliverNotification(tenant, orderId, kind) };
    }
    if (job.name === 'message.sms-fallback')
      return {
        outcome: await this.notifications.smsFallback(tenant, jobPayload('message.sms-fallback', job).messageId),
      };
    if (job.name === 'message.reply') {
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      return {
        outcome: await this.conversations.deliverReply(tenant, jobPayload('message.reply', job).messageId, lastAttempt),
      };
    }
    if (job.name === 'cart.nudge')
      return { outcome: await this.cartNudges.nudgeCart(tenant, jobPayload('cart.nudge', job).cartId) };
    throw new Error(`notifications: no handler for job "${job.name}"`);
  }
}
